#include "cshim_spawn.h"
#include <spawn.h>
#include <sys/mman.h>

int cshim_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

int cshim_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

int cshim_memfd_create(const char *name) {
    return memfd_create(name, MFD_CLOEXEC);
}
