/*
 * Whether this machine delivers x86 data breakpoints to user code: a traced child
 * writes a variable watched through DR0/DR7; prints "fired" when the write trapped,
 * "silent" when it did not (some hypervisors accept the registers but never trap).
 */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

volatile int var;

int main(void) {
    pid_t c = fork();
    if (c == 0) {
        ptrace(PTRACE_TRACEME, 0, 0, 0);
        raise(SIGSTOP);
        var = 1;
        _exit(0);
    }
    int st;
    waitpid(c, &st, 0);
    ptrace(PTRACE_POKEUSER, c, offsetof(struct user, u_debugreg[0]), &var);
    ptrace(PTRACE_POKEUSER, c, offsetof(struct user, u_debugreg[7]), 0xd0001L);
    ptrace(PTRACE_CONT, c, 0, 0);
    int fired = 0;
    while (waitpid(c, &st, 0) > 0 && WIFSTOPPED(st)) {
        fired |= WSTOPSIG(st) == SIGTRAP;
        ptrace(PTRACE_CONT, c, 0, 0);
    }
    puts(fired ? "fired" : "silent");
    return 0;
}
