/* bench_zmq: the transport's own limit, the way the disk's own limit is
 * bench_fsync. An echo server (a ROUTER in its own process, two I/O threads
 * as the broker has, CURVE on unless --plain) and N DEALER clients (one
 * context, as libthidua's) driven from one thread with one request of
 * 256 bytes outstanding on each, as bench_write's clients keep one write
 * outstanding. No disk, no decoding, no work: what ZeroMQ and CURVE alone
 * cost a round trip on this machine.
 *   bench_zmq [--clients 1,8,64] [--messages 2000,8000,16000] [--plain]
 *   bench_zmq --fanout 1,10,100 [--events 300] [--plain]
 * Prints one line per client count:
 *   zmq clients=C messages=M seconds=S ops=X p50_ms=Y p99_ms=Z
 *       server_cpu_us=A client_cpu_us=B curve=1
 * With --fanout 1,10,100 it measures publishing instead, as bench_watch
 * does with the broker: a PUB socket (this process, two I/O threads,
 * CURVE) sends a 400-byte message in two frames every 5 ms, --events of
 * them, to that many SUB sockets held ten to a child process; each arrival
 * minus its send (one monotonic clock) is a latency. Prints
 *   zmq-fanout subscribers=N events=E received=R p50_ms=Y p99_ms=Z
 *       publisher_cpu_us=A (per message, all its threads) */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "bench_util.h"

#define SUBS_PER_PROC 10
#define EVENT_BYTES   400

#define MAX_COUNTS  8
#define MAX_CLIENTS 1024
#define PAYLOAD     256

static bool curve = true;
static char server_public[41], server_secret[41];

static void sleep_us(long us)
{
    nanosleep(&(struct timespec){us / 1000000, us % 1000000 * 1000}, NULL);
}

static void die(const char *what)
{
    fprintf(stderr, "bench_zmq: %s: %s\n", what, zmq_strerror(zmq_errno()));
    exit(1);
}

static void *curve_server_socket(void *ctx, int type)
{
    void *s = zmq_socket(ctx, type);
    int one = 1;
    if (curve && (zmq_setsockopt(s, ZMQ_CURVE_SERVER, &one, sizeof one) != 0 ||
                  zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, server_secret, 40) != 0))
        die("curve server");
    return s;
}

/* Echoes every [routing id][body] back until killed; tells the parent its
 * port through fd. */
static void serve(int fd)
{
    void *ctx = zmq_ctx_new();
    zmq_ctx_set(ctx, ZMQ_IO_THREADS, 2);
    void *router = curve_server_socket(ctx, ZMQ_ROUTER);
    if (zmq_bind(router, "tcp://127.0.0.1:*") != 0)
        die("bind");
    char endpoint[256];
    size_t len = sizeof endpoint;
    zmq_getsockopt(router, ZMQ_LAST_ENDPOINT, endpoint, &len);
    if (write(fd, endpoint, strlen(endpoint) + 1) < 0)
        _exit(1);
    close(fd);
    for (;;) {
        zmq_msg_t id, body;
        zmq_msg_init(&id);
        zmq_msg_init(&body);
        if (zmq_msg_recv(&id, router, 0) < 0 || zmq_msg_recv(&body, router, 0) < 0)
            _exit(1);
        zmq_msg_send(&id, router, ZMQ_SNDMORE);
        zmq_msg_send(&body, router, 0);
    }
}

static void *client_socket(void *ctx, const char *endpoint, int type)
{
    void *s = zmq_socket(ctx, type);
    char pub[41], sec[41];
    if (curve && (zmq_curve_keypair(pub, sec) != 0 ||
                  zmq_setsockopt(s, ZMQ_CURVE_SERVERKEY, server_public, 40) != 0 ||
                  zmq_setsockopt(s, ZMQ_CURVE_PUBLICKEY, pub, 40) != 0 ||
                  zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, sec, 40) != 0))
        die("curve client");
    if (zmq_connect(s, endpoint) != 0)
        die("connect");
    return s;
}

/* One round: every client sends, and sends again on each echo, until each
 * has had per_client echoes. */
static void measure(void *ctx, const char *endpoint, pid_t server, int clients, int per_client)
{
    if (clients < 1 || clients > MAX_CLIENTS || per_client < 1)
        return;
    void *sock[MAX_CLIENTS];
    zmq_pollitem_t items[MAX_CLIENTS];
    char payload[PAYLOAD], buf[PAYLOAD];
    memset(payload, 'x', sizeof payload);
    for (int i = 0; i < clients; i++) { /* connect and shake hands before the clock starts */
        sock[i] = client_socket(ctx, endpoint, ZMQ_DEALER);
        if (zmq_send(sock[i], payload, sizeof payload, 0) < 0 ||
            zmq_recv(sock[i], buf, sizeof buf, 0) < 0)
            die("warm-up");
        items[i] = (zmq_pollitem_t){sock[i], 0, ZMQ_POLLIN, 0};
    }
    size_t n = (size_t)clients * per_client;
    double *lat = calloc(n, sizeof *lat), *sent = calloc((size_t)clients, sizeof *sent);
    int *done = calloc((size_t)clients, sizeof *done), left = clients;
    bench_cpu_t cpu = bench_cpu_start(server);
    double t0 = bench_now_us();
    for (int i = 0; i < clients; i++) {
        sent[i] = bench_now_us();
        zmq_send(sock[i], payload, sizeof payload, 0);
    }
    while (left > 0) {
        if (zmq_poll(items, clients, 30000) <= 0)
            die("no echo within 30 s");
        for (int i = 0; i < clients; i++) {
            if (!(items[i].revents & ZMQ_POLLIN) || zmq_recv(sock[i], buf, sizeof buf, 0) < 0)
                continue;
            double now = bench_now_us();
            lat[(size_t)i * per_client + done[i]] = now - sent[i];
            if (++done[i] == per_client) {
                left--;
                items[i].events = 0;
                continue;
            }
            sent[i] = now;
            zmq_send(sock[i], payload, sizeof payload, 0);
        }
    }
    bench_print_run("zmq", clients, "messages", n, bench_now_us() - t0, lat, "server", &cpu);
    printf(" curve=%d\n", curve);
    fflush(stdout);
    for (int i = 0; i < clients; i++)
        zmq_close(sock[i]);
    free(lat);
    free(sent);
    free(done);
}

/* A child holding n subscribers: says it is ready on ready_fd, then writes
 * the latency of every arrival (microseconds, doubles) to out_fd. */
static void subscriber_proc(const char *endpoint, int n, int events, int ready_fd, int out_fd)
{
    void *ctx = zmq_ctx_new(), *s[SUBS_PER_PROC];
    zmq_pollitem_t items[SUBS_PER_PROC];
    for (int i = 0; i < n; i++) {
        s[i] = client_socket(ctx, endpoint, ZMQ_SUB);
        zmq_setsockopt(s[i], ZMQ_SUBSCRIBE, "*/", 2);
        items[i] = (zmq_pollitem_t){s[i], 0, ZMQ_POLLIN, 0};
    }
    sleep_us(1000 * 1000); /* handshakes */
    if (write(ready_fd, "r", 1) != 1)
        _exit(1);
    size_t want = (size_t)n * events, got = 0;
    double *lat = calloc(want, sizeof *lat), deadline = bench_now_us() + 60e6;
    while (got < want && bench_now_us() < deadline) {
        if (zmq_poll(items, n, 100) <= 0)
            continue;
        for (int i = 0; i < n; i++) {
            char topic[64], body[EVENT_BYTES];
            if (!(items[i].revents & ZMQ_POLLIN) || zmq_recv(s[i], topic, sizeof topic, 0) < 0 ||
                zmq_recv(s[i], body, sizeof body, 0) < (int)sizeof(double))
                continue;
            double sent;
            memcpy(&sent, body, sizeof sent);
            lat[got++] = bench_now_us() - sent;
        }
    }
    if (write(out_fd, lat, got * sizeof *lat) < 0)
        _exit(1);
    for (int i = 0; i < n; i++)
        zmq_close(s[i]);
    zmq_ctx_term(ctx);
    _exit(0);
}

/* Reads a child's latencies until it closes its end. */
static size_t read_all(int fd, double *out, size_t cap)
{
    size_t got = 0;
    char *p = (char *)out;
    for (ssize_t r;
         got < cap * sizeof *out && (r = read(fd, p + got, cap * sizeof *out - got)) > 0;)
        got += (size_t)r;
    return got / sizeof *out;
}

static void fanout(int subs, int events)
{
    void *ctx = zmq_ctx_new();
    zmq_ctx_set(ctx, ZMQ_IO_THREADS, 2);
    void *pub = curve_server_socket(ctx, ZMQ_PUB);
    int hwm = 10000;
    zmq_setsockopt(pub, ZMQ_SNDHWM, &hwm, sizeof hwm);
    char endpoint[256];
    size_t len = sizeof endpoint;
    if (zmq_bind(pub, "tcp://127.0.0.1:*") != 0)
        die("bind");
    zmq_getsockopt(pub, ZMQ_LAST_ENDPOINT, endpoint, &len);
    int procs = (subs + SUBS_PER_PROC - 1) / SUBS_PER_PROC, ready[2], out[64];
    pid_t pids[64];
    if (procs > 64 || pipe(ready) != 0)
        die("too many subscribers");
    for (int p = 0; p < procs; p++) {
        int fds[2], n = subs - p * SUBS_PER_PROC;
        if (pipe(fds) != 0)
            die("pipe");
        if ((pids[p] = fork()) == 0) {
            close(fds[0]);
            subscriber_proc(endpoint, n < SUBS_PER_PROC ? n : SUBS_PER_PROC, events, ready[1],
                            fds[1]);
        }
        close(fds[1]);
        out[p] = fds[0];
    }
    for (int p = 0; p < procs; p++) {
        char c;
        if (read(ready[0], &c, 1) != 1)
            die("a subscriber process died");
    }
    char body[EVENT_BYTES];
    memset(body, 'e', sizeof body);
    double cpu0 = bench_cpu_ms(getpid());
    for (int e = 0; e < events; e++) {
        double now = bench_now_us();
        memcpy(body, &now, sizeof now);
        zmq_send(pub, "*/unit/SO-BENCH", 15, ZMQ_SNDMORE);
        zmq_send(pub, body, sizeof body, 0);
        sleep_us(5000); /* one change at a time, as bench_watch's writer */
    }
    double cpu_us = (bench_cpu_ms(getpid()) - cpu0) * 1e3 / events;
    size_t cap = (size_t)subs * events, n = 0;
    double *lat = calloc(cap, sizeof *lat);
    for (int p = 0; p < procs; p++) {
        n += read_all(out[p], lat + n, cap - n);
        close(out[p]);
        waitpid(pids[p], NULL, 0);
    }
    printf("zmq-fanout subscribers=%d events=%d received=%zu p50_ms=%.3f p99_ms=%.3f "
           "publisher_cpu_us=%.0f curve=%d\n",
           subs, events, n, bench_pct(lat, n, 0.5) / 1e3, bench_pct(lat, n, 0.99) / 1e3, cpu_us,
           curve);
    fflush(stdout);
    free(lat);
    close(ready[0]);
    close(ready[1]);
    zmq_close(pub);
    zmq_ctx_term(ctx);
}

int main(int argc, char **argv)
{
    int counts[MAX_COUNTS] = {1, 8, 64}, messages[MAX_COUNTS] = {2000, 8000, 16000};
    int n_counts = 3, n_messages = 3, fan[MAX_COUNTS], n_fan = 0, events = 300;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--plain") == 0)
            curve = false;
        else if (strcmp(argv[i], "--fanout") == 0 && i + 1 < argc)
            n_fan = bench_parse_list(argv[++i], fan, MAX_COUNTS);
        else if (strcmp(argv[i], "--events") == 0 && i + 1 < argc)
            events = atoi(argv[++i]);
        else if (strcmp(argv[i], "--clients") == 0 && i + 1 < argc)
            n_counts = bench_parse_list(argv[++i], counts, MAX_COUNTS);
        else if (strcmp(argv[i], "--messages") == 0 && i + 1 < argc)
            n_messages = bench_parse_list(argv[++i], messages, MAX_COUNTS);
        else
            n_counts = -1;
    }
    if (n_counts <= 0 || n_messages != n_counts || n_fan < 0 || events <= 0) {
        fprintf(stderr, "usage: bench_zmq [--clients 1,8,64] [--messages 2000,8000,16000] "
                        "[--plain] (one message count per client count)\n"
                        "       bench_zmq --fanout 1,10,100 [--events 300] [--plain]\n");
        return 2;
    }
    if (curve && zmq_curve_keypair(server_public, server_secret) != 0)
        die("keypair");
    if (n_fan > 0) {
        for (int i = 0; i < n_fan; i++)
            fanout(fan[i], events);
        return 0;
    }
    for (int i = 0; i < n_counts; i++)
        if (counts[i] > MAX_CLIENTS) {
            fprintf(stderr, "bench_zmq: at most %d clients\n", MAX_CLIENTS);
            return 2;
        }
    int fds[2];
    if (pipe(fds) != 0)
        return 1;
    pid_t server = fork();
    if (server == 0) {
        close(fds[0]);
        serve(fds[1]);
    }
    close(fds[1]);
    char endpoint[256] = "";
    if (server < 0 || read(fds[0], endpoint, sizeof endpoint) <= 0) {
        fprintf(stderr, "bench_zmq: the echo server did not start\n");
        return 1;
    }
    close(fds[0]);
    void *ctx = zmq_ctx_new();
    for (int i = 0; i < n_counts; i++)
        measure(ctx, endpoint, server, counts[i],
                messages[i] / counts[i] > 0 ? messages[i] / counts[i] : 1);
    zmq_ctx_term(ctx);
    kill(server, SIGTERM);
    waitpid(server, NULL, 0);
    return 0;
}
