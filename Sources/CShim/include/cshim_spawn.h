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
#endif
