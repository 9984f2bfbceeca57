/* Linked into cbench only: before anything else runs, cbench re-executes itself from a sealed
 * handle of its executable (cshim_exe_seal.h says why and how). Every cbench command may put a
 * process into a running container (app exec, system attach, in-process targets of `run`), so
 * it always does; the cost is one more execve of the static binary (about 0.4 ms here).
 * A test bundle that links cbench's code (CBenchTests, for the command line's unit tests) is
 * not cbench: sealed, its /proc/self/exe would no longer lead to the build directory, and the
 * marker it hands its children would keep the cbench they start from sealing themselves.
 * `app run` is the exception, as cbench-oci's `run` (sealed_start_oci.c): its container always
 * gets a new pid namespace (app containers have no --pid), where nothing else runs before
 * the container's own execve and the child is non-dumpable until then; a detached container is
 * launched by a `_launch` or `_supervise` process, which seals itself. A run that publishes
 * ports still seals (its port relay enters the container's network namespace). The second
 * execve of the static binary is then left out of the path that start-up benchmarks time. */
#include <string.h>
#include <unistd.h>
#include "cshim_exe_seal.h"

/* A flag that may publish a port: --publish*, or a short group with p or P (-p, -dp, -P).
 * Erring towards yes only costs a seal (a container command's own -p counts too). */
static int may_publish(const char *arg) {
    if (arg[0] != '-') return 0;
    if (arg[1] == '-') return strncmp(arg, "--publish", 9) == 0;
    return strchr(arg, 'p') != NULL || strchr(arg, 'P') != NULL;
}

/* `cbench app run ...` without a published port: cbench has no global options, so the command
 * is argv[1] and argv[2]. */
static int is_app_run_without_ports(int argc, char **argv) {
    if (argc <= 2 || strcmp(argv[1], "app") != 0 || strcmp(argv[2], "run") != 0) return 0;
    for (int i = 3; i < argc; i++)
        if (may_publish(argv[i])) return 0;
    return 1;
}

__attribute__((constructor)) static void cbench_sealed_start(int argc, char **argv, char **envp) {
    if (cshim_is_test_bundle() || is_app_run_without_ports(argc, argv)) return;
    cshim_ensure_sealed(argv, envp);
}
