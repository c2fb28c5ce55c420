/* bench_fsync: the disk's own limit for durable writes. Appends a small
 * record and fdatasyncs it, over and over, in a file under DIR (put DIR on
 * the filesystem that holds the data directories).
 *   bench_fsync DIR [--count N] [--size BYTES]
 * Prints: fsync appends=N seconds=S ops=X p50_ms=Y p99_ms=Z */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_fsync DIR [--count N] [--size BYTES]\n");
        return 2;
    }
    int count = 2000, size = 128;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--count") == 0)
            count = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--size") == 0)
            size = atoi(argv[i + 1]);
    }
    if (count <= 0 || size <= 0 || size > 65536) {
        fprintf(stderr, "bench_fsync: --count and --size (1..65536) must be positive\n");
        return 2;
    }
    char path[4096];
    int len = snprintf(path, sizeof path, "%s/bench-fsync.log", argv[1]);
    if (len < 0 || (size_t)len >= sizeof path) {
        fprintf(stderr, "bench_fsync: directory name too long\n");
        return 2;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
    char *rec = malloc((size_t)size);
    double *lat = calloc((size_t)count, sizeof *lat);
    if (fd < 0 || !rec || !lat) {
        fprintf(stderr, "bench_fsync: %s: %s\n", path, strerror(errno));
        return 1;
    }
    memset(rec, 'x', (size_t)size);
    double start = bench_now_us();
    for (int i = 0; i < count; i++) {
        double t0 = bench_now_us();
        if (write(fd, rec, (size_t)size) != size || fdatasync(fd) != 0) {
            fprintf(stderr, "bench_fsync: %s: %s\n", path, strerror(errno));
            return 1;
        }
        lat[i] = bench_now_us() - t0;
    }
    double wall = (bench_now_us() - start) / 1e6;
    close(fd);
    unlink(path);
    printf("fsync appends=%d seconds=%.3f ops=%.0f p50_ms=%.3f p99_ms=%.3f\n", count, wall,
           count / wall, bench_pct(lat, (size_t)count, 0.5) / 1e3,
           bench_pct(lat, (size_t)count, 0.99) / 1e3);
    free(rec);
    free(lat);
    return 0;
}
