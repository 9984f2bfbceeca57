/* Linked into cbench-oci only: before anything else runs, cbench-oci re-executes itself from a
 * sealed handle of its executable (cshim_exe_seal.h says why and how), for every verb but
 * `run`. A `run` whose container gets a new pid namespace leaves nothing for a container to
 * see: nothing else is in that namespace before the container's own execve, the child is
 * non-dumpable until then, and there is no start gate to wait at. So the benchmarked path keeps
 * its start-up time; a `run` that joins an existing pid namespace re-executes itself sealed
 * once it has read the bundle, before it creates anything (GlobalOptions.runtime). `create` always seals:
 * its child waits at the start gate, where a container joining its pid namespace meanwhile
 * would see it. Unknown options count as a reason to seal. A test bundle that links
 * cbench-oci's code (CbenchOCITests) is not cbench-oci and never seals, as in CSealedStart:
 * sealed, its /proc/self/exe would no longer lead to the build directory. */
#include <string.h>
#include <unistd.h>

#include "cshim_exe_seal.h"

/* runc's global options that cbench-oci takes: 1 a flag, 2 an option with a value in the
 * next argument, 0 anything else (unknown: the caller seals). `--name=value` is a flag. */
static int global_option(const char *arg) {
    static const char *const valued[] = {"--root", "--log", "--log-format", "--criu"};
    static const char *const flags[] = {"--systemd-cgroup", "--debug"};
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
        if (strcmp(arg, flags[i]) == 0) return 1;
    for (size_t i = 0; i < sizeof(valued) / sizeof(valued[0]); i++) {
        size_t length = strlen(valued[i]);
        if (strncmp(arg, valued[i], length) != 0) continue;
        if (arg[length] == '\0') return 2;
        if (arg[length] == '=') return 1;
    }
    return 0;
}

/* The verb is `run`: the first argument that is not a global option. */
static int verb_is_run(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-') return strcmp(argv[i], "run") == 0;
        int kind = global_option(argv[i]);
        if (kind == 0) return 0;
        if (kind == 2) i++;
    }
    return 0;
}

__attribute__((constructor)) static void cbench_oci_sealed_start(int argc, char **argv, char **envp) {
    if (verb_is_run(argc, argv) || cshim_is_test_bundle()) return;
    cshim_ensure_sealed(argv, envp);
}
