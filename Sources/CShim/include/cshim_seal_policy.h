#ifndef CSHIM_SEAL_POLICY_H
#define CSHIM_SEAL_POLICY_H
/*
 * Which command lines of cbench and cbench-oci re-execute themselves from a sealed handle of
 * their executable before main (cshim_exe_seal.h says what the seal is and why). The seal is
 * for a process of ours that a container can reach: one put into a container's namespaces, or
 * one that waits where a process joining the container's pid namespace would see it. Every
 * other command would only pay a second execve of a 40 MB static binary (a dynamic debug
 * build: a second run of the loader, about 10 ms) for nothing. Unknown command lines seal:
 * erring that way costs time, never safety.
 */

/* 1 when `cbench-oci ARGS` seals at start-up, 0 when it does not (seal_policy.c has the
 * table of verbs and why each is or is not sealed). */
int cshim_oci_seals_at_start(int argc, char *const argv[]);

/* 1 when `cbench ARGS` seals at start-up: everything but `app run` without a published port,
 * `app rm` and `app _finish`. */
int cshim_cbench_seals_at_start(int argc, char *const argv[]);

/* The one start-up hook of both programs (their C constructors call it with the decision
 * above): re-executes sealed when `seals`, unless this process is a test bundle that links
 * the program's code (cshim_is_test_bundle). */
void cshim_seal_at_start(int seals, char *const argv[], char *const envp[]);

#endif
