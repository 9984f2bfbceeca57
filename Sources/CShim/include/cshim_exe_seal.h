#ifndef CSHIM_EXE_SEAL_H
#define CSHIM_EXE_SEAL_H
/*
 * The runtime's own executable out of reach of containers (CVE-2019-5736).
 *
 * Two layers, after runc's and crun's designs:
 * - the child between clone and execve is non-dumpable from its first instruction (spawn.c),
 *   so no process in a container it joins can open its /proc/PID/exe, /root or /fd without
 *   CAP_SYS_PTRACE in the host's user namespace (as runc's nsexec and crun do);
 * - a program that puts processes into running containers runs from a sealed handle of its
 *   own executable, so what a container may still reach (a process with CAP_SYS_PTRACE, or an
 *   execve of "#!/proc/self/exe" in the container, which runs whatever the child's exe is) is
 *   a file nobody can write. The handle is runc's (1.2+) choice: the executable's directory as
 *   the top layer of an overlayfs with no upper layer, made with fsopen/fsmount and never
 *   attached to a mount table. It copies nothing (a memfd copy of a 30 MB static binary costs
 *   milliseconds; the overlayfs about 0.1 ms, the second execve about 0.3 ms here), shows up
 *   in no mountinfo (crun 1.8's read-only bind mount passes through the host's mount table
 *   on every start), is a file of its own device (a handle to it is not the host binary, whose
 *   inode crun's bind mount hands out read-only) and refuses writes even to root (no upper
 *   layer). A sealed memfd copy is the fallback where overlayfs or fsopen is missing.
 */

/* The environment variable that carries the original path of a re-executed program. */
#define CSHIM_SEALED_EXE_ENV "CBENCH_SEALED_EXE"

/* 1 when this process runs from a sealed executable (a read-only overlayfs, or a memfd with
 * the write seals), 0 when not, -errno when /proc/self/exe cannot be opened. */
int cshim_exe_is_sealed(void);

/* Executes this program again from a sealed handle of its executable, with `argv` and `envp`
 * plus CBENCH_SEALED_EXE=<its path>. Returns only on failure, with -errno. */
int cshim_exec_sealed(char *const argv[], char *const envp[]);

/* For the programs' start-up hooks: re-executes sealed unless already sealed, not root, or
 * re-executed once before (the marker is set but the executable did not look sealed); a
 * failure is not fatal (the process runs on from the host binary). */
void cshim_ensure_sealed(char *const argv[], char *const envp[]);

/* 1 when this process is a test bundle (/proc/self/exe ends in .xctest) that links a program's
 * code: it is not that program and never seals, or its /proc/self/exe would no longer lead to
 * the build directory. */
int cshim_is_test_bundle(void);

#endif
