/*
 * memscan benchmark target: a process with a known number of planted int32
 * values in a large anonymous mapping, so memory scanners can be timed and
 * checked on identical memory.
 *
 *   bench_target SIZE_MIB VALUE COUNT [SEED]
 *
 * Fills SIZE_MIB MiB of private anonymous memory with pseudo-random bytes,
 * removes every byte offset whose little-endian uint32 lies in
 * [VALUE, VALUE + 256), then plants VALUE at COUNT distinct 4-byte-aligned
 * offsets, each with two neighbours that stay as they are: the f32 2.7 at +8
 * and the i16 4321 at +12 (a struct for group scans; their bytes cannot
 * complete a copy of VALUE). An exact scan for VALUE (any alignment) finds exactly COUNT, and
 * after "add K" (K < 256 in total) a scan for VALUE + K finds exactly COUNT.
 * No other copy of VALUE is left in scannable memory: the value is kept
 * XOR-masked, the offset table lives in a PROT_NONE mapping between commands,
 * and dead stack is wiped.
 *
 * Prints "ready PID", then reads commands on stdin:
 *   add N   add N to every planted value, reply "ok"
 *   get     reply "value V"
 *   quit    exit (also on end of input)
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MASK 0x5a5aa5a5u

static uint8_t *arena;
static size_t arena_size;
static uint64_t *slots;          /* offsets of the planted values */
static size_t slot_count;
static uint32_t masked_value;    /* current value XOR MASK */

static uint64_t rng_state;

static uint64_t next_random(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static uint32_t load32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void store32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Overwrites the stack below the caller so no copy of the value survives there. */
static void __attribute__((noinline)) wipe_stack(void)
{
    volatile uint8_t junk[64 * 1024];
    memset((void *)junk, 0, sizeof junk);
}

static void slots_access(int prot)
{
    size_t bytes = (slot_count * sizeof *slots + 4095) & ~(size_t)4095;
    if (mprotect(slots, bytes, prot) != 0) {
        perror("mprotect");
        exit(2);
    }
}

static size_t count_value(uint32_t value)
{
    size_t n = 0;
    for (size_t i = 0; i + 4 <= arena_size; i++) {
        if (load32(arena + i) == value) {
            n++;
        }
    }
    return n;
}

/* Everything that handles the plain value runs in this frame, below main's, so
 * the wipe_stack() call main makes afterwards overwrites every spilled copy. */
static int __attribute__((noinline)) setup(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s SIZE_MIB VALUE COUNT [SEED]\n", argv[0]);
        return 2;
    }
    size_t mib = strtoull(argv[1], NULL, 10);
    uint32_t value = (uint32_t)strtoul(argv[2], NULL, 0);
    slot_count = strtoull(argv[3], NULL, 10);
    rng_state = argc > 4 ? strtoull(argv[4], NULL, 10) : 42;
    if (rng_state == 0) {
        rng_state = 42;
    }
    arena_size = mib << 20;
    if (arena_size < 4096 || slot_count == 0 || slot_count > arena_size / 64) {
        fprintf(stderr, "bench_target: bad size or count\n");
        return 2;
    }
    arena = mmap(NULL, arena_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    size_t slot_bytes = (slot_count * sizeof *slots + 4095) & ~(size_t)4095;
    slots = mmap(NULL, slot_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (arena == MAP_FAILED || slots == MAP_FAILED) {
        perror("mmap");
        return 2;
    }
    for (size_t i = 0; i < arena_size; i += 8) {
        uint64_t r = next_random();
        memcpy(arena + i, &r, 8);
    }
    /* Flipping byte i+3 moves the uint32 at i by 2^31, out of the 256-wide
     * window, and touches no offset before i, so one forward pass suffices. */
    for (size_t i = 0; i + 4 <= arena_size; i++) {
        if (load32(arena + i) - value < 256u) {
            arena[i + 3] ^= 0x80;
        }
    }
    for (size_t k = 0; k < slot_count; k++) {
        uint64_t off;
        int clash;
        do {
            off = (next_random() % (arena_size / 4)) * 4;
            clash = 0;
            /* Keep 16 bytes between plants so planted structs never overlap. */
            for (size_t j = 0; j < k; j++) {
                if (off + 16 > slots[j] && slots[j] + 16 > off) {
                    clash = 1;
                    break;
                }
            }
        } while (clash);
        slots[k] = off;
        store32(arena + off, value);
        if (off + 14 <= arena_size) {
            store32(arena + off + 8, 0x402CCCCDu); /* 2.7f */
            arena[off + 12] = 0xE1;                /* 4321 */
            arena[off + 13] = 0x10;
        }
    }
    size_t found = count_value(value);
    if (found != slot_count) {
        fprintf(stderr, "bench_target: planted %zu but found %zu\n", slot_count, found);
        return 3;
    }
    masked_value = value ^ MASK;
    slots_access(PROT_NONE);
    return 0;
}

static void __attribute__((noinline)) print_value(void)
{
    printf("value %u\n", masked_value ^ MASK);
}

static void __attribute__((noinline)) add_to_all(uint32_t delta)
{
    uint32_t next = (masked_value ^ MASK) + delta;
    for (size_t k = 0; k < slot_count; k++) {
        store32(arena + slots[k], next);
    }
    masked_value = next ^ MASK;
}

int main(int argc, char **argv)
{
    int rc = setup(argc, argv);
    if (rc != 0) {
        return rc;
    }
    wipe_stack();
    printf("ready %d\n", (int)getpid());
    fflush(stdout);
    char line[128];
    while (fgets(line, sizeof line, stdin) != NULL) {
        if (strncmp(line, "add ", 4) == 0) {
            uint32_t delta = (uint32_t)strtoul(line + 4, NULL, 0);
            slots_access(PROT_READ);
            add_to_all(delta);
            slots_access(PROT_NONE);
            printf("ok\n");
        } else if (strncmp(line, "get", 3) == 0) {
            print_value();
        } else if (strncmp(line, "quit", 4) == 0) {
            break;
        } else {
            printf("error unknown command\n");
        }
        memset(line, 0, sizeof line);
        fflush(stdout);
        wipe_stack();
    }
    return 0;
}
