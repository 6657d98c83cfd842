/*
 * The target of the who-writes / who-accesses tests and of the watch overhead bench.
 * Commands on stdin, one per line, each answered by one line on stdout:
 *   write N   acc_write() adds 1 to the global and to the heap value, N times each
 *   read N    acc_read() reads both N times
 *   idle N    acc_idle() writes a neighbour of neither, N times
 *   thread N  a new thread does "write N", then ends
 *   spawn     a new thread that sleeps until the process ends
 *   count     the totals so far
 *   exit      exits 0
 * Bench: "watch_target loop N" writes the global N times and prints the nanoseconds it took.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

volatile int watched_global;
volatile int neighbour[64];
volatile int *watched_heap;
static long writes, reads, idles;
static volatile long sink;

__attribute__((noinline)) void acc_write(volatile int *p) { *p = *p + 1; }
__attribute__((noinline)) long acc_read(volatile int *p) { return *p; }
__attribute__((noinline)) void acc_idle(volatile int *p) { *p = *p + 1; }

static void write_n(long n) {
    for (long i = 0; i < n; i++) {
        acc_write(&watched_global);
        acc_write(watched_heap);
    }
    __atomic_add_fetch(&writes, n, __ATOMIC_SEQ_CST);
}

static void *thread_main(void *arg) {
    write_n((long) arg);
    return NULL;
}

static void *sleeper_main(void *arg) {
    (void) arg;
    for (;;) {
        usleep(10000);
    }
    return NULL;
}

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

int main(int argc, char **argv) {
    watched_heap = calloc(16, sizeof(int));
    if (argc == 3 && strcmp(argv[1], "loop") == 0) {
        long n = atol(argv[2]);
        long start = now_ns();
        for (long i = 0; i < n; i++) {
            acc_write(&watched_global);
        }
        printf("%ld\n", now_ns() - start);
        return 0;
    }
    printf("pid %d global %p heap %p\n", (int) getpid(), (void *) &watched_global, (void *) watched_heap);
    fflush(stdout);
    char line[128];
    while (fgets(line, sizeof line, stdin)) {
        long n = 0;
        char cmd[32];
        if (sscanf(line, "%31s %ld", cmd, &n) < 1) {
            continue;
        }
        if (strcmp(cmd, "write") == 0) {
            write_n(n);
        } else if (strcmp(cmd, "read") == 0) {
            for (long i = 0; i < n; i++) {
                sink += acc_read(&watched_global) + acc_read(watched_heap);
            }
            reads += n;
        } else if (strcmp(cmd, "idle") == 0) {
            for (long i = 0; i < n; i++) {
                acc_idle(&neighbour[32]);
            }
            idles += n;
        } else if (strcmp(cmd, "thread") == 0) {
            pthread_t t;
            pthread_create(&t, NULL, thread_main, (void *) n);
            pthread_join(t, NULL);
        } else if (strcmp(cmd, "spawn") == 0) {
            pthread_t t;
            pthread_create(&t, NULL, sleeper_main, NULL);
        } else if (strcmp(cmd, "exit") == 0) {
            printf("bye\n");
            fflush(stdout);
            return 0;
        }
        printf("ok %s writes %ld reads %ld idles %ld global %d heap %d\n", cmd, writes, reads, idles,
               watched_global, *watched_heap);
        fflush(stdout);
    }
    return 0;
}
