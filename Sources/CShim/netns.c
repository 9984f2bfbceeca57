/* Network-namespace helpers for the Swift netlink and socket code (cshim_netlink.h says why
 * each does "enter, act, come back" in one C call). */
#include "cshim.h" /* cshim_setns, cshim_unshare */
#include "cshim_netlink.h"
#include "netns_visit.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

/* thread-self: the namespace is per thread. */
int cshim_netns_open_current(void) {
    int fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

int cshim_netns_visit_begin(int netns_fd) {
    int home = cshim_netns_open_current();
    if (home < 0) return home;
    if (cshim_setns(netns_fd, CLONE_NEWNET) != 0) {
        int saved = errno;
        close(home);
        return -saved;
    }
    return home;
}

int cshim_netns_visit_new(void) {
    int home = cshim_netns_open_current();
    if (home < 0) return home;
    if (cshim_unshare(CLONE_NEWNET) != 0) {
        int saved = errno;
        close(home);
        return -saved;
    }
    return home;
}

void cshim_netns_visit_end(int home) {
    if (cshim_setns(home, CLONE_NEWNET) != 0) abort();
    close(home);
}

int cshim_socket_in_netns(int netns_fd, int domain, int type, int protocol) {
    int home = cshim_netns_visit_begin(netns_fd);
    if (home < 0) return home;
    int sock = socket(domain, type, protocol);
    int saved = errno;
    cshim_netns_visit_end(home);
    return sock < 0 ? -saved : sock;
}

int cshim_netlink_socket_in_netns(int netns_fd) {
    return cshim_socket_in_netns(netns_fd, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
}

int cshim_netns_prepare_directory(const char *dir) {
    if (mount("", dir, "none", MS_SHARED | MS_REC, NULL) == 0) return 0;
    if (errno != EINVAL) return -errno;
    if (mount(dir, dir, "none", MS_BIND | MS_REC, NULL) != 0) return -errno;
    if (mount("", dir, "none", MS_SHARED | MS_REC, NULL) != 0) return -errno;
    return 0;
}

int cshim_netns_create_at(const char *path) {
    int file = open(path, O_RDONLY | O_CLOEXEC | O_CREAT | O_EXCL, 0444);
    if (file < 0) return -errno;
    close(file);
    int home = cshim_netns_visit_new();
    if (home < 0) {
        unlink(path);
        return home;
    }
    int result = mount("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL) == 0 ? 0 : -errno;
    cshim_netns_visit_end(home);
    if (result != 0) unlink(path);
    return result;
}

int cshim_netns_create_fd(void) {
    int home = cshim_netns_visit_new();
    if (home < 0) return home;
    int result = cshim_netns_open_current();
    cshim_netns_visit_end(home);
    return result;
}
