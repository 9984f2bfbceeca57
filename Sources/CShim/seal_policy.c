/* Which command lines seal at start-up, and the one start-up hook (cshim_seal_policy.h). */
#include "cshim_seal_policy.h"

#include <stddef.h>
#include <string.h>

#include "cshim_exe_seal.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* cbench-oci's verbs (runc's), each with whether it seals at start-up and why. */
static const struct {
    const char *verb;
    int seals;
} oci_verbs[] = {
    /* The child waits at the start gate inside the container's namespaces until `start`: a
     * process that joins that pid namespace meanwhile (a second container's create or run, an
     * exec) sees it. createContainer hooks enter the container's namespaces as well. */
    {"create", 1},
    /* Its child joins a running container's namespaces, where the container's processes are. */
    {"exec", 1},
    /* CRIU, our child, rebuilds the container's processes and hands them to us: sealed as
     * create is, since they live where create's child would. */
    {"restore", 1},
    /* Not at start-up: a container in a new pid namespace has nothing else in it before its
     * own execve (the child is non-dumpable until then, and `run` has no start gate to wait
     * at), so the benchmarked path keeps its start-up time. One that joins an existing pid
     * namespace, or whose bundle has a startContainer hook, re-executes itself sealed once it
     * has read the bundle, before it creates anything (BundleRuntime.beforeCreating and
     * beforeJoining in cbench-oci's GlobalOptions.runtime). */
    {"run", 0},
    /* Opens the start gate from the host; poststart hooks run in the runtime's namespaces. A
     * startContainer hook enters the container's: `start` re-executes itself sealed before it
     * runs one (BundleRuntime.beforeJoining). */
    {"start", 0},
    /* Signal, freeze, read or write the container's cgroup, or remove its state, all from the
     * host; poststop hooks run in the runtime's namespaces. No process of ours enters the
     * container and none waits inside it, so a container never comes near the binary. */
    {"delete", 0},
    {"kill", 0},
    {"state", 0},
    {"list", 0},
    {"pause", 0},
    {"resume", 0},
    {"ps", 0},
    {"events", 0},
    {"update", 0},
    /* CRIU (a host program, not cbench-oci) attaches to the container's processes. */
    {"checkpoint", 0},
    /* Documents only: no container is touched. */
    {"spec", 0},
    {"features", 0},
    {"help", 0},
};

/* runc's global options that cbench-oci takes: 1 a flag or `--name=value`, 2 an option whose
 * value is the next argument, 0 anything else (unknown). */
static int oci_global_option(const char *arg) {
    static const char *const valued[] = {"--root", "--log", "--log-format", "--criu"};
    static const char *const flags[] = {"--systemd-cgroup", "--debug", "--help", "-h", "--version", "-v"};
    for (size_t i = 0; i < COUNT(flags); i++)
        if (strcmp(arg, flags[i]) == 0) return 1;
    for (size_t i = 0; i < COUNT(valued); i++) {
        size_t length = strlen(valued[i]);
        if (strncmp(arg, valued[i], length) != 0) continue;
        if (arg[length] == '\0') return 2;
        if (arg[length] == '=') return 1;
    }
    return 0;
}

int cshim_oci_seals_at_start(int argc, char *const argv[]) {
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (arg[0] != '-') {
            for (size_t v = 0; v < COUNT(oci_verbs); v++)
                if (strcmp(arg, oci_verbs[v].verb) == 0) return oci_verbs[v].seals;
            return 1; /* an unknown verb */
        }
        int kind = oci_global_option(arg);
        if (kind == 0) return 1; /* an unknown option: the verb cannot be told */
        if (kind == 2) i++;
    }
    return 0; /* no verb: usage, help or version only */
}

/* A flag that may publish a port: --publish*, or a short group with p or P (-p, -dp, -P).
 * Erring towards yes only costs a seal (a container command's own -p counts too). */
static int may_publish(const char *arg) {
    if (arg[0] != '-') return 0;
    if (arg[1] == '-') return strncmp(arg, "--publish", 9) == 0;
    return strchr(arg, 'p') != NULL || strchr(arg, 'P') != NULL;
}

/* `app` verbs that act on a container from the host only, as cbench-oci's delete and kill do:
 * `rm` signals the container's cgroup and removes its files and run state; `_finish`, which
 * the monitor runs once the container's init has ended (its pid namespace, and every process
 * in it, with it), removes its cgroup, links and run state. Neither joins a namespace of a
 * container, so no container process can see or reach the binary through them. Unsealed, a
 * removal saves an execve of the static binary and a second runtime start-up in each of the
 * two. */
static const char *const host_only_app_verbs[] = {"rm", "_finish"};

/* Every cbench command may put a process into a running container (app exec, system attach,
 * in-process targets of `run`), so it seals; the cost is one more execve of the static binary.
 * The exceptions are `app rm` and `_finish` (above), and `app run`, as cbench-oci's `run`: its
 * container always gets a new pid namespace (app containers have no --pid), where nothing else
 * runs before the container's own execve and the child is non-dumpable until then; a detached
 * container is launched by a `_launch` or `_supervise` process, which seals itself. A run that
 * publishes ports still seals (its port relay enters the container's network namespace). cbench
 * has no global options, so the command is argv[1] and argv[2]. */
int cshim_cbench_seals_at_start(int argc, char *const argv[]) {
    if (argc <= 2 || strcmp(argv[1], "app") != 0) return 1;
    for (size_t v = 0; v < COUNT(host_only_app_verbs); v++)
        if (strcmp(argv[2], host_only_app_verbs[v]) == 0) return 0;
    if (strcmp(argv[2], "run") != 0) return 1;
    for (int i = 3; i < argc; i++)
        if (may_publish(argv[i])) return 1;
    return 0;
}

/* A test bundle that links a program's code (CBenchTests, CbenchOCITests) is not that program:
 * sealed, its /proc/self/exe would no longer lead to the build directory, and the marker it
 * hands its children would keep the programs they start from sealing themselves. */
void cshim_seal_at_start(int seals, char *const argv[], char *const envp[]) {
    if (!seals || cshim_is_test_bundle()) return;
    cshim_ensure_sealed(argv, envp);
}
