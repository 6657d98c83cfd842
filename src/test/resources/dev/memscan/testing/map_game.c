/*
 * A small game for the pointer-map tests: a heap of objects that point at each
 * other, one true chain from a global to the value, and in each run a second,
 * accidental chain from another global that the next run does not have, as
 * the chains of two runs of a real game differ.
 *
 *   map_game RUN
 *
 *   player (.bss)   -> A; A+0x10 -> B; B+0x8 holds the value   (every run)
 *   cursorN (.bss)  -> B, with N = RUN % 2                       (this run only)
 *
 * Prints "ready VALUE_ADDRESS", then waits for "quit" (or the end of input).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct object {
    struct object *a;       /* +0x00 */
    long value;             /* +0x08 */
    struct object *b;       /* +0x10 */
    long pad[5];
};

struct object *player;
struct object *cursor0;
struct object *cursor1;

int main(int argc, char **argv)
{
    int run = argc > 1 ? atoi(argv[1]) : 0;
    srand((unsigned) getpid());
    enum { COUNT = 4096 };
    struct object *heap = calloc(COUNT, sizeof *heap);
    /* the objects point into the first half; the chain lives in the second, so no heap pointer
       lands near it by chance and each run has exactly its two chains */
    for (int i = 0; i < COUNT; i++) {
        heap[i].a = &heap[rand() % (COUNT / 2)];
        heap[i].value = rand();
    }
    struct object *a = &heap[COUNT / 2 + rand() % (COUNT / 4)];
    struct object *b = &heap[3 * COUNT / 4 + rand() % (COUNT / 4)];
    player = a;
    a->b = b;
    b->value = 4242;
    if (run % 2) {
        cursor1 = b;
    } else {
        cursor0 = b;
    }
    printf("ready %p\n", (void *) &b->value);
    fflush(stdout);
    char line[64];
    while (fgets(line, sizeof line, stdin) && strncmp(line, "quit", 4) != 0) {
    }
    return 0;
}
