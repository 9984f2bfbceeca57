/* Linked into cbench only: before anything else runs, cbench re-executes itself from a sealed
 * handle of its executable (cshim_exe_seal.h says why and how). Every cbench command may put a
 * process into a running container (app exec, system attach, in-process targets of `run`), so
 * it always does; the cost is one more execve of the static binary (about 0.4 ms here). */
#include "cshim_exe_seal.h"

__attribute__((constructor)) static void cbench_sealed_start(int argc, char **argv, char **envp) {
    (void)argc;
    cshim_ensure_sealed(argv, envp);
}
