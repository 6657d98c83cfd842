/*
 * copy_ceiling: how fast this machine can bring a process's scannable memory
 * into a scanner, with nothing else done. Copies every private writable
 * mapping (rw-p, what memscan scans by default) of PID with process_vm_readv
 * in 1 MiB chunks into one reused, page-aligned buffer per thread; the chunks
 * are shared among THREADS threads. No compare, no allocation in the loop.
 *
 *   copy_ceiling PID THREADS PASSES
 *
 * Prints "bytes=N median_gbs=X best_gbs=Y" over PASSES passes (GB = 10^9 bytes).
 * memscan's bench prints it next to memscan's own scan speed: the scan cannot
 * be faster than the copy it starts with.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>

#define CHUNK (1u << 20)
#define MAX_CHUNKS (1u << 22) /* 4 TiB in 1 MiB chunks */

static pid_t pid;
static uint64_t *chunk_addr;
static uint32_t *chunk_len;
static size_t chunks;
static size_t next_chunk;
static uint64_t copied;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *copy_worker(void *unused)
{
    (void)unused;
    char *buf = aligned_alloc(4096, CHUNK);
    if (!buf) {
        perror("aligned_alloc");
        exit(2);
    }
    memset(buf, 0, CHUNK); /* fault the buffer in before timing matters */
    uint64_t done = 0;
    for (;;) {
        size_t i = __atomic_fetch_add(&next_chunk, 1, __ATOMIC_RELAXED);
        if (i >= chunks)
            break;
        struct iovec local = { buf, chunk_len[i] };
        struct iovec remote = { (void *)(uintptr_t)chunk_addr[i], chunk_len[i] };
        ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
        if (n > 0)
            done += (uint64_t)n;
    }
    __atomic_fetch_add(&copied, done, __ATOMIC_RELAXED);
    free(buf);
    return NULL;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: copy_ceiling PID THREADS PASSES\n");
        return 2;
    }
    pid = (pid_t)atoi(argv[1]);
    int threads = atoi(argv[2]);
    int passes = atoi(argv[3]);
    if (pid <= 0 || threads < 1 || threads > 64 || passes < 1 || passes > 100) {
        fprintf(stderr, "copy_ceiling: bad arguments\n");
        return 2;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
    FILE *maps = fopen(path, "r");
    if (!maps) {
        perror(path);
        return 2;
    }
    chunk_addr = malloc(MAX_CHUNKS * sizeof *chunk_addr);
    chunk_len = malloc(MAX_CHUNKS * sizeof *chunk_len);
    if (!chunk_addr || !chunk_len) {
        perror("malloc");
        return 2;
    }
    char line[4096];
    uint64_t total = 0;
    while (fgets(line, sizeof line, maps)) {
        unsigned long long start, end;
        char perms[8];
        if (sscanf(line, "%llx-%llx %7s", &start, &end, perms) != 3 || strcmp(perms, "rw-p") != 0)
            continue;
        for (uint64_t a = start; a < end && chunks < MAX_CHUNKS; a += CHUNK) {
            chunk_addr[chunks] = a;
            chunk_len[chunks] = (uint32_t)(end - a < CHUNK ? end - a : CHUNK);
            total += chunk_len[chunks];
            chunks++;
        }
    }
    fclose(maps);
    double *gbs = malloc(passes * sizeof *gbs);
    pthread_t *tid = malloc(threads * sizeof *tid);
    for (int p = 0; p < passes; p++) {
        next_chunk = 0;
        copied = 0;
        double t0 = now();
        for (int t = 0; t < threads; t++)
            pthread_create(&tid[t], NULL, copy_worker, NULL);
        for (int t = 0; t < threads; t++)
            pthread_join(tid[t], NULL);
        gbs[p] = copied / (now() - t0) / 1e9;
    }
    qsort(gbs, passes, sizeof *gbs, by_double);
    printf("bytes=%llu median_gbs=%.2f best_gbs=%.2f\n", (unsigned long long)total, gbs[passes / 2],
           gbs[passes - 1]);
    return 0;
}
