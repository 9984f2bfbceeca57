/*
 * cbench-init: a minimal PID 1 for application containers (`cbench app run --init`),
 * in the manner of tini and docker-init.
 *
 *   cbench-init [--] COMMAND [ARG...]
 *
 * It starts COMMAND as a child in its own process group, forwards every signal it can
 * catch to that child, reaps every zombie re-parented to it (orphans of the container),
 * and exits with the child's exit status, or 128+N when the child died of signal N.
 *
 * Signals are blocked and taken with sigtimedwait() rather than handlers: a PID 1 in a pid
 * namespace drops signals whose disposition is the default, but blocked ones stay pending,
 * and there is no async-signal-safety to worry about.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define INIT_NAME "cbench-init"

/* Signals that stay with the init: they report on the children or are synchronous faults. */
static int is_own_signal(int sig) {
    return sig == SIGCHLD || sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
           sig == SIGFPE || sig == SIGABRT || sig == SIGTRAP || sig == SIGSYS;
}

static pid_t start_child(char **argv, const sigset_t *original_mask) {
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, INIT_NAME ": fork: %s\n", strerror(errno));
        exit(1);
    }
    if (pid == 0) {
        /* Own process group, so a terminal's job control and a group kill reach it alone. */
        setpgid(0, 0);
        /* On a controlling terminal the child's group must own it, or reading stops it with
         * SIGTTIN. SIGTTOU is still blocked here, so the call works from the background;
         * without a controlling terminal it fails, which is fine. */
        if (isatty(STDIN_FILENO)) tcsetpgrp(STDIN_FILENO, getpid());
        /* The command starts as a container's first process would: default dispositions
         * (an ignored SIGINT inherited from a shell's background job would defeat forwarding). */
        for (int sig = 1; sig < NSIG; sig++) {
            if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
        }
        sigprocmask(SIG_SETMASK, original_mask, NULL);
        execvp(argv[0], argv);
        fprintf(stderr, INIT_NAME ": exec %s: %s\n", argv[0], strerror(errno));
        _exit(errno == ENOENT ? 127 : 126);
    }
    /* Set it from the parent too, so no signal is forwarded before the group exists. */
    setpgid(pid, pid);
    return pid;
}

/* Reaps every exited child. Returns 1 and sets *status once `child` has been reaped. */
static int reap_all(pid_t child, int *status) {
    int child_done = 0;
    for (;;) {
        int wstatus;
        pid_t pid = waitpid(-1, &wstatus, WNOHANG);
        if (pid <= 0) {
            if (pid < 0 && errno == EINTR) continue;
            break;
        }
        if (pid == child) {
            child_done = 1;
            if (WIFEXITED(wstatus)) *status = WEXITSTATUS(wstatus);
            else if (WIFSIGNALED(wstatus)) *status = 128 + WTERMSIG(wstatus);
            else *status = 1;
        }
    }
    return child_done;
}

int main(int argc, char **argv) {
    int first = 1;
    if (first < argc && strcmp(argv[first], "--") == 0) first++;
    if (first >= argc) {
        fprintf(stderr, "usage: " INIT_NAME " [--] COMMAND [ARG...]\n");
        return 2;
    }

    /* When not PID 1 (a test on the host), still become the reaper of our descendants. */
    if (getpid() != 1) prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);

    sigset_t all, original;
    sigfillset(&all);
    for (int sig = 1; sig < NSIG; sig++) {
        if (is_own_signal(sig) && sig != SIGCHLD) sigdelset(&all, sig);
    }
    sigprocmask(SIG_BLOCK, &all, &original);

    pid_t child = start_child(argv + first, &original);
    int status = 0;
    struct timespec tick = {1, 0};
    for (;;) {
        siginfo_t info;
        int sig = sigtimedwait(&all, &info, &tick);
        if (sig < 0) {
            if (errno != EAGAIN && errno != EINTR) {
                fprintf(stderr, INIT_NAME ": sigtimedwait: %s\n", strerror(errno));
                return 1;
            }
        } else if (sig != SIGCHLD) {
            if (kill(child, sig) != 0 && errno != ESRCH) {
                fprintf(stderr, INIT_NAME ": forward signal %d: %s\n", sig, strerror(errno));
            }
        }
        /* Reap on every wake-up: SIGCHLD coalesces, and the timeout covers a lost one. */
        if (reap_all(child, &status)) {
            /* Orphans that already exited are collected before leaving. */
            reap_all(child, &status);
            return status;
        }
    }
}
