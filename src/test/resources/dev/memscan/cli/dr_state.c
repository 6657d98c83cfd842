/*
 * Prints "TID DR7 DR0" (hex) for every thread of process argv[1], read through ptrace
 * (seize, interrupt, peek, detach), to check what a hardware watch left armed.
 * Exit 1 when the process cannot be traced.
 */
#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        return 2;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/%s/task", argv[1]);
    DIR *d = opendir(path);
    if (!d) {
        return 1;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        int tid = atoi(e->d_name);
        if (tid <= 0) {
            continue;
        }
        if (ptrace(PTRACE_SEIZE, tid, 0, 0) != 0) {
            perror("seize");
            return 1;
        }
        ptrace(PTRACE_INTERRUPT, tid, 0, 0);
        int st;
        waitpid(tid, &st, __WALL);
        long dr7 = ptrace(PTRACE_PEEKUSER, tid, offsetof(struct user, u_debugreg[7]), 0);
        long dr0 = ptrace(PTRACE_PEEKUSER, tid, offsetof(struct user, u_debugreg[0]), 0);
        printf("%d %lx %lx\n", tid, dr7, dr0);
        ptrace(PTRACE_DETACH, tid, 0, 0);
    }
    return 0;
}
