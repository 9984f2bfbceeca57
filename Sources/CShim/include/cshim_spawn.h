#ifndef CSHIM_SPAWN_H
#define CSHIM_SPAWN_H
#include <spawn.h>
/* What Swift's Glibc module does not export for the core's one way to spawn a host program. */

/* glibc's POSIX_SPAWN_SETSID (2.26+): the spawned program starts a session of its own. */
#define CSHIM_SPAWN_SETSID 0x80

/* posix_spawn_file_actions_addchdir_np (glibc 2.29+): the spawned program starts in `path`.
 * Returns 0 or an errno value. */
int cshim_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/* posix_spawn_file_actions_addclosefrom_np (glibc 2.34+): every descriptor from `from` up is
 * closed in the spawned program, so what our own caller left open (a shell's flock descriptor,
 * a test runner's pipes) never reaches a runtime or the container it starts.
 * Returns 0 or an errno value. */
int cshim_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int from);

/* memfd_create(name, MFD_CLOEXEC): an anonymous file that holds a program's captured output.
 * Returns the descriptor or -1 with errno. */
int cshim_memfd_create(const char *name);

/* posix_spawn(pid, path, actions, attributes, argv, envp) from inside the network namespace
 * `netns_fd`: the calling thread enters it, spawns (the child starts in it, as CRIU must when
 * the tree it dumps or restores keeps that namespace as CRIU's own) and comes back before the
 * call returns (a namespace belongs to a thread; see cshim_netlink.h). Returns 0 or an errno value. */
int cshim_spawn_in_netns(int netns_fd, pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
                         const posix_spawnattr_t *attributes, char *const argv[], char *const envp[]);
#endif
