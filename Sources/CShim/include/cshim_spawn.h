#ifndef CSHIM_SPAWN_H
#define CSHIM_SPAWN_H
#include <spawn.h>
/* posix_spawn_file_actions_addchdir_np (glibc 2.29+), which Swift's Glibc module does not
 * export: the spawned program starts in `path`. Returns 0 or an errno value. */
int cshim_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);
#endif
