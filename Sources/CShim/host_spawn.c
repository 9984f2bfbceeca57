#include "cshim_spawn.h"
#include <spawn.h>
#include <sys/mman.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

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
    int home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (home < 0) return errno;
    if (setns(netns_fd, CLONE_NEWNET) != 0) {
        int saved = errno;
        close(home);
        return saved;
    }
    int rc = posix_spawn(pid, path, actions, attributes, argv, envp);
    /* As cshim_socket_in_netns: a thread that cannot come back would run later work in the
     * other namespace, so abort rather than go on. */
    if (setns(home, CLONE_NEWNET) != 0) abort();
    close(home);
    return rc;
}
