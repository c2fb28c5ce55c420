#!/usr/bin/env python3
"""Turns the benchmarks' raw lines into the Markdown tables of
docs/PERFORMANCE.md: medians over rounds, ratios measured in one run.
    bench_table.py write|store|fanout RAW"""
import statistics
import sys


def parse(path):
    rows = []
    for line in open(path):
        parts = line.split()
        if not parts:
            continue
        row = {"system": parts[0]} if "=" not in parts[0] else {}
        for p in parts[1 if row else 0:]:
            k, _, v = p.partition("=")
            try:
                row[k] = float(v)
            except ValueError:
                row[k] = v
        rows.append(row)
    return rows


def med(rows, key):
    vals = [r[key] for r in rows if key in r]
    return statistics.median(vals) if vals else float("nan")


def spread(rows, key):
    vals = [r[key] for r in rows if key in r]
    return "%.0f-%.0f" % (min(vals), max(vals)) if vals else "-"


def verdict(ok):
    return "**met**" if ok else "**not met**"


def write_table(rows):
    by = {}
    for r in rows:
        if r.get("system") in ("thidua", "redis", "etcd"):
            by.setdefault((r["system"], int(r["clients"])), []).append(r)
    disk = [r for r in rows if r.get("system") == "fsync"]
    counts = sorted({c for (_, c) in by})
    n_rounds = max((len(v) for v in by.values()), default=0)
    out = ["### Durable writes: thidua, Redis, etcd (medians of %d rounds)" % n_rounds, ""]
    out.append("| clients | thidua writes/s (range) | p50 ms | p99 ms | Redis writes/s | p50 ms | "
               "p99 ms | etcd writes/s | p50 ms | p99 ms | thidua / Redis | thidua / etcd |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    ratio = {}
    for c in counts:
        t, rd, e = by.get(("thidua", c), []), by.get(("redis", c), []), by.get(("etcd", c), [])
        ratio[c] = (med(t, "ops") / med(rd, "ops"), med(t, "ops") / med(e, "ops"))
        out.append("| %d | %.0f (%s) | %.2f | %.2f | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f× | %.2f× |"
                   % (c, med(t, "ops"), spread(t, "ops"), med(t, "p50_ms"), med(t, "p99_ms"),
                      med(rd, "ops"), med(rd, "p50_ms"), med(rd, "p99_ms"),
                      med(e, "ops"), med(e, "p50_ms"), med(e, "p99_ms"), ratio[c][0], ratio[c][1]))
    out.append("")
    fs_p50 = med(disk, "p50_ms")
    out.append("The disk's own limit (one writer, 128-byte append + `fdatasync`, "
               "`tests/bench/bench_fsync`): %.0f synced appends/s, p50 %.3f ms, p99 %.3f ms."
               % (med(disk, "ops"), fs_p50, med(disk, "p99_ms")))
    reads = [r for r in rows if r.get("system") == "thidua-read"]
    if reads:
        out.append("")
        out.append("One thidua client's `task.get` (the same round trip through CURVE, both sides' "
                   "I/O threads and the broker's loop, without a commit): p50 %.3f ms, p99 %.3f ms."
                   % (med(reads, "p50_ms"), med(reads, "p99_ms")))
    zmq = [r for r in rows if r.get("system") == "zmq"]
    if zmq:
        out.append("")
        out.append(transport_table(zmq, by, counts))
    out.append("")
    out.append("| goal (issue 11) | measured | |")
    out.append("|---|---|---|")
    big = max(counts) if counts else 0
    if big:
        out.append("| %d clients: thidua ≥ 1.0× Redis `appendfsync always` | %.2f× | %s |"
                   % (big, ratio[big][0], verdict(ratio[big][0] >= 1.0)))
        out.append("| %d clients: thidua ≥ 10× etcd | %.2f× | %s |"
                   % (big, ratio[big][1], verdict(ratio[big][1] >= 10.0)))
    if 1 in counts:
        limit = 1.5 * fs_p50 + 0.1
        p50 = med(by.get(("thidua", 1), []), "p50_ms")
        out.append("| 1 client: p50 ≤ 1.5 × fdatasync p50 + 0.1 ms = %.3f ms | %.3f ms | %s |"
                   % (limit, p50, verdict(p50 <= limit)))
    return "\n".join(out)


def transport_table(zmq, by, counts):
    """ZeroMQ's own round trip (tests/bench/bench_zmq): the ceiling of any
    broker on this transport, measured in the same rounds."""
    out = ["### The transport's own limit: ZeroMQ echo, no disk, no work (medians)", ""]
    out.append("| clients | echo with CURVE /s | p50 ms | server CPU µs/msg | echo without CURVE /s "
               "| CURVE's cost | thidua / echo with CURVE | Redis / echo with CURVE "
               "| thidua broker CPU µs/write (its main thread) | the main thread's bound, writes/s |")
    out.append("|---|---|---|---|---|---|---|---|---|---|")
    for c in counts:
        on = [r for r in zmq if int(r["clients"]) == c and int(r["curve"]) == 1]
        off = [r for r in zmq if int(r["clients"]) == c and int(r["curve"]) == 0]
        if not on:
            continue
        t, rd = by.get(("thidua", c), []), by.get(("redis", c), [])
        main = med(t, "broker_main_us")  # bounds the rate where cores are plenty
        out.append("| %d | %.0f | %.2f | %.0f | %.0f | %.0f %% | %.2f× | %.2f× | %.0f (%.1f) | %.0f |"
                   % (c, med(on, "ops"), med(on, "p50_ms"), med(on, "server_cpu_us"),
                      med(off, "ops"), 100 * (1 - med(on, "ops") / med(off, "ops")),
                      med(t, "ops") / med(on, "ops"), med(rd, "ops") / med(on, "ops"),
                      med(t, "broker_cpu_us"), main, 1e6 / main if main > 0 else float("nan")))
    return "\n".join(out)


def store_table(rows):
    kv = {}
    for r in rows:
        if "system" not in r:
            kv.update(r)
    mib = lambda k: kv.get(k, float("nan")) / 1024
    out = ["### A large store", ""]
    out.append("| what | figure |")
    out.append("|---|---|")
    out.append("| fill: %d nominees (64 clients) | %.1f s |" % (kv["fill_nominees"], kv["fill_nominees_s"]))
    out.append("| fill: %d unit edits (64 clients) | %.1f s |" % (kv["fill_edits"], kv["fill_edits_s"]))
    out.append("| change log entries | %d |" % kv["log_entries"])
    out.append("| data directory on disk (du) | %.0f MiB |" % (kv["disk_kb"] / 1024))
    out.append("| bytes on disk per record (%d records, their log included) | %.0f |"
               % (kv["records"], kv["bytes_per_record"]))
    out.append("| bytes on disk per change log entry | %.0f |" % kv["bytes_per_log_entry"])
    out.append("| broker start-up on this store (launch to serving) | %.0f ms |" % kv["startup_ms"])
    out.append("| broker peak RSS after start-up | %.1f MiB |" % mib("startup_rss_kb"))
    out.append("| a new watcher's snapshot of %d records: time to in sync | %.0f ms |"
               % (kv["snapshot_records"], kv["snapshot_ms"]))
    out.append("| the watcher's peak RSS (its process; %.1f MiB before it started) | %.1f MiB |"
               % (mib("snapshot_client_rss_before_kb"), mib("snapshot_client_rss_kb")))
    out.append("| CPU used for the snapshot: watcher, broker | %.0f ms, %.0f ms |"
               % (kv.get("snapshot_client_cpu_ms", float("nan")), kv.get("snapshot_broker_cpu_ms", float("nan"))))
    out.append("| broker peak RSS after serving the snapshot (since its start) | %.1f MiB |"
               % mib("broker_after_snapshot_rss_kb"))
    out.append("| broker peak RSS while filling (64 clients) | %.1f MiB |" % mib("broker_fill_rss_kb"))
    out.append("")
    ok_t = kv["snapshot_ms"] <= 1000
    ok_m = kv["snapshot_client_rss_kb"] <= 64 * 1024 and kv["broker_after_snapshot_rss_kb"] <= 64 * 1024
    out.append("Goal (issue 11): snapshot of 100,000 records ≤ 1 s: %s; ≤ 64 MiB peak RSS "
               "(watcher and broker): %s." % (verdict(ok_t), verdict(ok_m)))
    return "\n".join(out)


def fanout_table(rows):
    """ZeroMQ's own publishing (bench_zmq --fanout): the same pattern as the
    latency table above with no broker, no disk and no decoding."""
    out = ["### The transport's own fan-out: ZeroMQ PUB to CURVE SUB sockets, no broker (ms)", ""]
    out.append("| subscribers | messages | received | send → arrival p50 | p99 "
               "| publisher CPU per message (ms) |")
    out.append("|---|---|---|---|---|---|")
    for r in rows:
        if r.get("system") == "zmq-fanout":
            out.append("| %d | %d | %d | %.2f | %.2f | %.2f |"
                       % (r["subscribers"], r["events"], r["received"], r["p50_ms"], r["p99_ms"],
                          r["publisher_cpu_us"] / 1e3))
    return "\n".join(out)


if __name__ == "__main__":
    rows = parse(sys.argv[2])
    tables = {"write": write_table, "store": store_table, "fanout": fanout_table}
    print(tables[sys.argv[1]](rows))
