/* Linked into cbench-oci only: before anything else runs, cbench-oci re-executes itself from a
 * sealed handle of its executable when its verb puts a process into a container or lets a
 * container near the binary (create, exec, restore); the other verbs start as they are
 * (CShim seal_policy.c has the table and each verb's reason). */
#include "cshim_seal_policy.h"

__attribute__((constructor)) static void cbench_oci_sealed_start(int argc, char **argv, char **envp) {
    cshim_seal_at_start(cshim_oci_seals_at_start(argc, argv), argv, envp);
}
