/*
 * A sequence: several programs run one after the other, each started clean. Before each,
 * sync(2) writes back every file system's dirty data, so no program pays inside its own time
 * for what an earlier one left dirty. It is sync(2) and not syncfs(2) or fsync(2) on purpose:
 * on an overlay mounted `volatile` (the root of a --rm cbench app or podman container) both
 * do nothing, while sync(2) reaches the upper layer's own file system too.
 *
 *   cbench-work sequence -- PROGRAM [ARG...] [-- PROGRAM [ARG...]]...
 *
 * Before program K (from 1) of N, a line `cbench-work sequence K/N` goes to stdout, so a
 * reader can tell the programs' outputs apart. The sequence stops at the first program that
 * does not exit 0 and exits with its status (128 + the signal when one ended it).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "work.h"

static int usage(void) {
    fprintf(stderr, "usage: " WORK_NAME " sequence -- PROGRAM [ARG...] [-- PROGRAM [ARG...]]...\n");
    return 2;
}

/* Runs argv[0] with argv (NULL-terminated) and waits; its exit status, or 128 + its signal. */
static int run_one(char **argv) {
    pid_t pid = fork();
    if (pid < 0) work_fail("sequence: fork");
    if (pid == 0) {
        execv(argv[0], argv);
        fprintf(stderr, WORK_NAME ": sequence: execv %s: %s (errno %d)\n", argv[0], strerror(errno), errno);
        _exit(127);
    }
    int status = 0;
    pid_t waited;
    do {
        waited = waitpid(pid, &status, 0);
    } while (waited < 0 && errno == EINTR);
    if (waited != pid) work_fail("sequence: waitpid");
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 1;
}

int mode_sequence(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[0], "--") != 0) return usage();
    /* Each "--" starts a program, which has at least its path. */
    int count = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--") != 0) continue;
        if (i + 1 >= argc || strcmp(argv[i + 1], "--") == 0) return usage();
        count++;
    }
    /* argv[i] is a "--" at the top of each turn; the program runs up to the next one, which
     * becomes its end (NULL) in place. */
    int index = 0;
    for (int i = 0; i < argc;) {
        char **program = argv + i + 1;
        int end = i + 1;
        while (end < argc && strcmp(argv[end], "--") != 0) end++;
        argv[end] = NULL; /* argv[argc] is NULL already */
        index++;
        sync();
        if (dprintf(STDOUT_FILENO, WORK_NAME " sequence %d/%d\n", index, count) < 0) work_fail("sequence: write stdout");
        int status = run_one(program);
        if (status != 0) {
            fprintf(stderr, WORK_NAME ": sequence: program %d of %d (%s) ended with status %d\n", index, count, program[0], status);
            return status;
        }
        i = end;
    }
    return 0;
}
