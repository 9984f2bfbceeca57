/* Linked into cbench only: before anything else runs, cbench re-executes itself from a sealed
 * handle of its executable, for every command but `app run` without a published port, `app rm`
 * and `app _finish` (CShim seal_policy.c says why). */
#include "cshim_seal_policy.h"

__attribute__((constructor)) static void cbench_sealed_start(int argc, char **argv, char **envp) {
    cshim_seal_at_start(cshim_cbench_seals_at_start(argc, argv), argv, envp);
}
