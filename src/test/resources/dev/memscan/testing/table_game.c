/*
 * A small game for the address-table tests: its values live on the heap behind
 * a pointer in a global, as a real game's do, so only a pointer chain from the
 * executable finds them again after a restart. A random-size allocation first
 * gives every run its own heap layout on top of ASLR.
 *
 *   table_game GOLD
 *
 * Prints "ready GOLD_ADDRESS LEVEL_ADDRESS", then answers lines on stdin:
 *   get          "gold G level L speed S name N"
 *   gold N       sets gold, answers "ok"
 *   quit         exits (also at the end of input)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct player {
    long id;
    long flags;
    int gold;      /* +0x10 */
    float speed;   /* +0x14 */
    char name[8];  /* +0x18 */
};

struct world {
    long tag;
    struct player *player; /* +0x8 */
};

struct world *the_world;          /* .bss of the executable */
int level = 1592597077;           /* .data of the executable: a value found by a search */

int main(int argc, char **argv)
{
    srand((unsigned) getpid());
    volatile char *padding = malloc(64 + 16 * (size_t) (rand() % 4096));
    padding[0] = 1;
    the_world = calloc(1, sizeof *the_world);
    the_world->player = calloc(1, sizeof *the_world->player);
    the_world->player->gold = argc > 1 ? atoi(argv[1]) : 100;
    the_world->player->speed = 1.5f;
    strcpy(the_world->player->name, "hero");
    printf("ready %p %p\n", (void *) &the_world->player->gold, (void *) &level);
    fflush(stdout);
    char line[128];
    while (fgets(line, sizeof line, stdin)) {
        struct player *p = the_world->player;
        if (strncmp(line, "get", 3) == 0) {
            printf("gold %d level %d speed %.2f name %s\n", p->gold, level, p->speed, p->name);
        } else if (strncmp(line, "gold ", 5) == 0) {
            p->gold = atoi(line + 5);
            printf("ok\n");
        } else if (strncmp(line, "quit", 4) == 0) {
            break;
        } else {
            printf("error unknown command\n");
        }
        fflush(stdout);
    }
    return 0;
}
