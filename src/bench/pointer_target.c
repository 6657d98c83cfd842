/*
 * memscan pointer-map benchmark target: a heap full of pointers with one known
 * chain of depth 3 from a global, as a game's object graph looks to a pointer
 * scanner.
 *
 *   pointer_target SIZE_MIB [SEED]
 *
 * Fills about SIZE_MIB MiB of heap with 64-byte nodes (one malloc block of
 * them), each holding two pointers to random other nodes (at +0x00 and +0x18)
 * and pseudo-random non-pointer data elsewhere, so every aligned slot is
 * tested and about two of eight are pointers. The chain:
 *
 *   root (.bss of this executable) -> node A; A+0x10 -> B; B+0x20 -> C; C+0x8 holds the value
 *
 * i.e. pointer_target+OFF -> +0x10 -> +0x20 -> +0x8. Prints
 * "ready PID VALUE_ADDRESS", then waits for "quit" (or the end of input).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct node {
    struct node *left;   /* +0x00 */
    uint64_t data1;      /* +0x08: the value in C */
    struct node *link;   /* +0x10: A's pointer to B */
    struct node *right;  /* +0x18 */
    struct node *next;   /* +0x20: B's pointer to C */
    uint64_t data2[3];
};

struct node *root;

static uint64_t rng_state;

static uint64_t next_random(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

/* Random data that is never a heap address: its top bit set. */
static uint64_t data(void)
{
    return next_random() | 0x8000000000000000ull;
}

int main(int argc, char **argv)
{
    size_t mib = argc > 1 ? strtoull(argv[1], NULL, 10) : 200;
    rng_state = argc > 2 ? strtoull(argv[2], NULL, 10) : 88172645463325252ull;
    size_t count = (mib << 20) / sizeof(struct node);
    struct node *nodes = malloc(count * sizeof *nodes);
    if (nodes == NULL || count < 16) {
        fprintf(stderr, "cannot allocate %zu MiB\n", mib);
        return 2;
    }
    for (size_t i = 0; i < count; i++) {
        struct node *n = &nodes[i];
        n->left = &nodes[next_random() % count];
        n->data1 = data();
        n->link = (struct node *) data();
        n->right = &nodes[next_random() % count];
        n->next = (struct node *) data();
        n->data2[0] = data();
        n->data2[1] = data();
        n->data2[2] = data();
    }
    struct node *a = &nodes[count / 3], *b = &nodes[count / 2], *c = &nodes[2 * count / 3];
    root = a;
    a->link = b;
    b->next = c;
    c->data1 = 4242;
    printf("ready %d %p\n", (int) getpid(), (void *) &c->data1);
    fflush(stdout);
    char line[64];
    while (fgets(line, sizeof line, stdin) && strncmp(line, "quit", 4) != 0) {
    }
    return 0;
}
