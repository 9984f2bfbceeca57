/* Linked into cbench only: before anything else runs, cbench re-executes itself from a sealed
 * handle of its executable (cshim_exe_seal.h says why and how). Every cbench command may put a
 * process into a running container (app exec, system attach, in-process targets of `run`), so
 * it always does; the cost is one more execve of the static binary (about 0.4 ms here).
 * A test bundle that links cbench's code (CBenchTests, for the command line's unit tests) is
 * not cbench: sealed, its /proc/self/exe would no longer lead to the build directory, and the
 * marker it hands its children would keep the cbench they start from sealing themselves. */
#include <string.h>
#include <unistd.h>
#include "cshim_exe_seal.h"

static int is_test_bundle(void) {
    static const char suffix[] = ".xctest";
    char path[4096];
    ssize_t length = readlink("/proc/self/exe", path, sizeof(path) - 1);
    size_t tail = sizeof(suffix) - 1;
    return length > (ssize_t)tail && memcmp(path + length - tail, suffix, tail) == 0;
}

__attribute__((constructor)) static void cbench_sealed_start(int argc, char **argv, char **envp) {
    (void)argc;
    if (is_test_bundle()) return;
    cshim_ensure_sealed(argv, envp);
}
