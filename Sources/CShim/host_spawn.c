#include "cshim_spawn.h"
#include "netns_visit.h"
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

int cshim_spawn_in_netns(int netns_fd, pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
                         const posix_spawnattr_t *attributes, char *const argv[], char *const envp[]) {
    int home = cshim_netns_visit_begin(netns_fd);
    if (home < 0) return -home;
    int rc = posix_spawn(pid, path, actions, attributes, argv, envp);
    cshim_netns_visit_end(home);
    return rc;
}
