#!/usr/bin/python3
"""A thidua client in Python: pyzmq for the sockets, Google's protobuf
runtime for the messages (Debian: python3-zmq, python3-protobuf).

It generates nothing itself: make the message module first with
    protoc --python_out=GEN -I proto proto/thidua.proto
and put GEN on PYTHONPATH (it holds thidua_pb2.py). See docs/INTEGRATION.md.

Run as a program it shows a whole round: subscribe to the event stream,
wait for a heartbeat (the subscription is then live), create a task, and
receive the task's event, repairing from the change log if the event was
lost on the way. It prints one JSON object per step and exits 0 when the
event matches the reply.

    thidua_client.py --server tcp://127.0.0.1:7510 --server-key server.pub \
        --key office.key --lead SO-NV --title "Báo cáo tổng kết" --deadline 2030-12-01
"""
import argparse
import json
import os
import sys
import time
import uuid

import zmq

import thidua_pb2 as pb

MAX_MSG = 17825792  # THD_MAX_MSG_BYTES: the broker's ZMQ_MAXMSGSIZE


def read_key(spec, name):
    """A Z85 key from a thidua key file (`public-key = ...` lines), or the
    40-character key itself."""
    if len(spec) == 40 and not os.path.exists(spec):
        return spec.encode()
    with open(spec, encoding="ascii") as f:
        for line in f.read(1023).splitlines():
            key, sep, value = line.strip().partition("=")
            if sep and key.strip() == name:
                value = value.strip().split()[0]
                if len(value) == 40:
                    return value.encode()
    raise ValueError(f"{spec}: no {name} of 40 Z85 characters")


class Keys:
    def __init__(self, server_key, key_file):
        if os.stat(key_file).st_mode & 0o077:
            raise PermissionError(f"{key_file}: a secret key file must be mode 0600")
        self.server = read_key(server_key, "public-key")
        self.public = read_key(key_file, "public-key")
        self.secret = read_key(key_file, "secret-key")

    def apply(self, sock):
        sock.curve_serverkey = self.server
        sock.curve_publickey = self.public
        sock.curve_secretkey = self.secret
        sock.setsockopt(zmq.MAXMSGSIZE, MAX_MSG)
        sock.linger = 0


class Client:
    """Requests on a DEALER socket: one frame out, one frame back; replies
    are matched by request_id. A timed-out request is resent with the SAME
    request_id on a fresh socket, so a write never takes effect twice."""

    def __init__(self, ctx, endpoint, keys, timeout_ms=3000, retries=2):
        self.ctx, self.endpoint, self.keys = ctx, endpoint, keys
        self.timeout_ms, self.retries = timeout_ms, retries
        self.sock = None

    def _connect(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = self.ctx.socket(zmq.DEALER)
        self.keys.apply(self.sock)
        # A DEALER whose CURVE handshake was refused (a key not registered)
        # may have no connection to take a frame, and send() would wait for
        # ever: bound it, and open a fresh socket for each attempt.
        self.sock.sndtimeo = self.timeout_ms
        self.sock.connect(self.endpoint)

    def call(self, req):
        """Sends req (a pb.Request with its body set); returns the Response,
        or raises TimeoutError when no attempt got an answer."""
        if not req.request_id:
            req.request_id = uuid.uuid4().hex
        frame = req.SerializeToString()
        for _ in range(1 + self.retries):
            self._connect()
            try:
                self.sock.send(frame)
            except zmq.Again:  # no connection took it: the next attempt
                continue
            deadline = time.monotonic() + self.timeout_ms / 1000
            while (left := deadline - time.monotonic()) > 0:
                if not self.sock.poll(int(left * 1000)):
                    break
                resp = pb.Response.FromString(self.sock.recv())
                if resp.request_id == req.request_id:
                    return resp
        raise TimeoutError(f"no reply from {self.endpoint} (is the key registered?)")

    def close(self):
        if self.sock is not None:
            self.sock.close()


def subscribe(ctx, endpoint, keys, unit=None):
    """A SUB socket for every change (`*/`) or one unit's (`UNIT/`), and the
    heartbeats (`_sys/`). Never subscribe to "": each change would come once
    per topic it is published under."""
    sock = ctx.socket(zmq.SUB)
    keys.apply(sock)
    sock.subscribe(f"{unit}/" if unit else "*/")
    sock.subscribe("_sys/")
    sock.connect(endpoint)
    return sock


def next_message(sock, timeout_ms):
    """(topic, Event or Heartbeat), or None on timeout."""
    if not sock.poll(timeout_ms):
        return None
    topic, body = sock.recv_multipart()
    topic = topic.decode()
    if topic.startswith("_sys/"):
        return topic, pb.Heartbeat.FromString(body)
    return topic, pb.Event.FromString(body)


def changes_since(client, revision, unit=""):
    """Every change-log entry after revision (the repair step of the
    never-miss recipe). OUT_OF_RANGE means: take a new snapshot."""
    events = []
    while True:
        req = pb.Request()
        req.changes_since.revision = revision
        req.changes_since.unit = unit
        resp = client.call(req)
        if resp.status.code != pb.OK:
            raise RuntimeError(f"{pb.Code.Name(resp.status.code)}: {resp.status.message}")
        events.extend(e for e in resp.changes.events if e.revision > revision)
        revision = resp.changes.events[-1].revision if resp.changes.more else resp.changes.revision
        if not resp.changes.more:
            return events, revision


def emit(**fields):
    print(json.dumps(fields, ensure_ascii=False), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--server", default=os.environ.get("THIDUA_SERVER", "tcp://127.0.0.1:7510"))
    ap.add_argument("--events", default=os.environ.get("THIDUA_EVENTS"))
    ap.add_argument("--server-key", default=os.environ.get("THIDUA_SERVER_KEY"))
    ap.add_argument("--key", default=os.environ.get("THIDUA_KEY"))
    ap.add_argument("--lead", required=True, help="lead unit code")
    ap.add_argument("--title", required=True)
    ap.add_argument("--deadline", required=True, help="YYYY-MM-DD")
    ap.add_argument("--timeout", type=int, default=3000, help="ms per attempt")
    a = ap.parse_args()
    events = a.events
    if not events:  # as libthidua: the request port + 1
        host, port = a.server.rsplit(":", 1)
        events = f"{host}:{int(port) + 1}"

    ctx = zmq.Context()
    keys = Keys(a.server_key, a.key)
    client = Client(ctx, a.server, keys, timeout_ms=a.timeout)
    sub = subscribe(ctx, events, keys)
    try:
        pong = client.call(pb.Request(ping=pb.PingRequest()))
        emit(step="ping", principal=pong.ping.principal, role=pb.Role.Name(pong.ping.role),
             revision=pong.revision)
        # 1. subscribe first; a heartbeat proves the subscription is live
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            m = next_message(sub, 1000)
            if m and m[0].startswith("_sys/"):
                emit(step="heartbeat", revision=m[1].revision)
                break
        else:
            raise TimeoutError("no heartbeat on the event stream")
        # 2. the call
        req = pb.Request()
        task = req.task_create.task
        task.title, task.lead_unit, task.deadline = a.title, a.lead, a.deadline
        task.kind, task.phase = pb.TASK_KIND_WORK, pb.PHASE_BEFORE
        resp = client.call(req)
        if resp.status.code != pb.OK:
            # reason and params say why for a program (docs/PROTOCOL.md 8.1);
            # message is the broker's English for a person
            emit(step="create", code=pb.Code.Name(resp.status.code), message=resp.status.message,
                 field=resp.status.field, reason=resp.status.reason,
                 params=list(resp.status.params))
            return 1
        rec = resp.record
        emit(step="create", code="OK", revision=resp.revision, type=rec.type, id=rec.id,
             units=list(rec.units), title=rec.task.title,
             status=pb.TaskStatus.Name(rec.task.status))
        # 3. its event: from the stream, or from the change log if it was lost
        got, via = None, "pub"
        deadline = time.monotonic() + 10
        while got is None and time.monotonic() < deadline:
            m = next_message(sub, 500)
            if m is None:
                continue
            topic, body = m
            if isinstance(body, pb.Event) and body.revision == resp.revision and body.thin:
                # too large to publish whole: the change log has it all
                log, _ = changes_since(client, resp.revision - 1)
                got, via = ("", log[0]) if log else None, "changes_since"
            elif isinstance(body, pb.Event) and body.revision == resp.revision:
                got = (topic, body)
            elif isinstance(body, pb.Heartbeat) and body.revision >= resp.revision:
                log, _ = changes_since(client, resp.revision - 1)
                got, via = ("", log[0]) if log else None, "changes_since"
        if got is None:
            raise TimeoutError(f"no event for revision {resp.revision}")
        topic, ev = got
        emit(step="event", via=via, topic=topic, revision=ev.revision, kind=ev.kind,
             actor=ev.actor, request_id_matches=ev.request_id == req.request_id,
             record=f"{ev.records[0].type}/{ev.records[0].id}",
             title=ev.records[0].task.title)
        return 0 if ev.records[0].id == rec.id else 1
    except (TimeoutError, RuntimeError, ValueError, PermissionError) as e:
        emit(step="error", message=str(e))
        return 2
    finally:
        client.close()
        sub.close()
        ctx.term()


if __name__ == "__main__":
    sys.exit(main())
