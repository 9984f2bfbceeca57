/*
 * cbench-work: the workloads of `kind: overhead`, one static binary bind-mounted read-only
 * into every container (as the probe is) and run the same way on the bare host.
 *
 *   cbench-work gate SOCKET -- PROGRAM [ARG...]   wait for the host's go, then exec PROGRAM
 *   cbench-work syscalls COUNT                       getpid, stat of a missing file, personality query
 *   cbench-work memory MEBIBYTES PASSES              copy bandwidth and page-fault cost
 *   cbench-work spawn COUNT                          fork + exec of `cbench-work noop`, waited for
 *   cbench-work sequence -- PROGRAM [ARG...] [-- PROGRAM [ARG...]]...
 *                                                    each PROGRAM in turn, each after sync(2)
 *   cbench-work noop                                 exits 0 at once
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "work.h"

static int usage(void) {
    fprintf(stderr, "usage: " WORK_NAME " gate SOCKET -- PROGRAM [ARG...] | syscalls COUNT | "
                    "memory MEBIBYTES PASSES | spawn COUNT | sequence -- PROGRAM [ARG...] [-- PROGRAM [ARG...]]... | noop\n");
    return 2;
}

int main(int argc, char **argv) {
    if (argc < 2) return usage();
    const char *mode = argv[1];
    if (strcmp(mode, "noop") == 0) _exit(0);
    if (strcmp(mode, "gate") == 0) return mode_gate(argc - 2, argv + 2);
    if (strcmp(mode, "syscalls") == 0) return mode_syscalls(argc - 2, argv + 2);
    if (strcmp(mode, "memory") == 0) return mode_memory(argc - 2, argv + 2);
    if (strcmp(mode, "spawn") == 0) return mode_spawn(argc - 2, argv + 2);
    if (strcmp(mode, "sequence") == 0) return mode_sequence(argc - 2, argv + 2);
    return usage();
}
