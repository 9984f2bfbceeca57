#ifndef CSHIM_NETLINK_H
#define CSHIM_NETLINK_H
/*
 * Network-namespace helpers for the Swift netlink code.
 *
 * A network namespace belongs to a thread, not to a process: setns(CLONE_NEWNET) and
 * unshare(CLONE_NEWNET) move only the calling thread. Swift concurrency may run the next
 * piece of work on any thread, so these helpers do the whole "enter, act, come back" in one
 * synchronous C call: nothing else runs on the thread in between, and the thread is back in
 * its own namespace before the call returns. A socket keeps the namespace it was created in
 * for its whole life, so the returned netlink socket works on the target namespace from any
 * thread afterwards. No fork is involved, so there is no child that could run Swift.
 *
 * Every function returns a value >= 0 on success, or -errno.
 */
#include "cshim.h" /* cshim_setns, cshim_unshare: sched.h hides them without _GNU_SOURCE */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#define CSHIM_CLONE_NEWNET 0x40000000 /* CLONE_NEWNET, also hidden without _GNU_SOURCE */
/* <fcntl.h> and <sys/mount.h> (which includes it) are not included: they would export S_IF*
 * macros from this module that clash with Glibc's in Swift. */
extern int open(const char *path, int flags, ...);
extern int mount(const char *source, const char *target, const char *type, unsigned long flags, const void *data);
#define CSHIM_MS_BIND 4096UL       /* MS_BIND */
#define CSHIM_MS_REC 16384UL       /* MS_REC */
#define CSHIM_MS_SHARED (1UL << 20) /* MS_SHARED */
#define CSHIM_NETNS_OPEN_READ 02000000               /* O_RDONLY | O_CLOEXEC */
#define CSHIM_NETNS_OPEN_CREATE (02000000 | 0100 | 0200) /* O_RDONLY | O_CLOEXEC | O_CREAT | O_EXCL */

/* The calling thread's own network namespace (thread-self: the namespace is per thread). */
static inline int cshim_netns_open_current(void) {
    int fd = open("/proc/thread-self/ns/net", CSHIM_NETNS_OPEN_READ);
    return fd < 0 ? -errno : fd;
}

/* socket(domain, type, protocol) created inside the network namespace `netns_fd`. */
static inline int cshim_socket_in_netns(int netns_fd, int domain, int type, int protocol) {
    int home = cshim_netns_open_current();
    if (home < 0) return home;
    if (cshim_setns(netns_fd, CSHIM_CLONE_NEWNET) != 0) {
        int saved = errno;
        close(home);
        return -saved;
    }
    int sock = socket(domain, type, protocol);
    int saved = errno;
    /* Coming back cannot fail for root holding the fd; if it did, the thread would be lost
     * to the other namespace, so abort rather than let later work run there. */
    if (cshim_setns(home, CSHIM_CLONE_NEWNET) != 0) abort();
    close(home);
    return sock < 0 ? -saved : sock;
}

/* A NETLINK_ROUTE socket created inside the network namespace `netns_fd`. */
static inline int cshim_netlink_socket_in_netns(int netns_fd) {
    return cshim_socket_in_netns(netns_fd, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
}

/* Make `dir` (which must exist) a shared mount point (bind-mounting it onto itself first if it is not a mount
 * point yet), as iproute2 does for /run/netns, so namespaces bound under it show up in
 * mount namespaces created later. */
static inline int cshim_netns_prepare_directory(const char *dir) {
    if (mount("", dir, "none", CSHIM_MS_SHARED | CSHIM_MS_REC, NULL) == 0) return 0;
    if (errno != EINVAL) return -errno;
    if (mount(dir, dir, "none", CSHIM_MS_BIND | CSHIM_MS_REC, NULL) != 0) return -errno;
    if (mount("", dir, "none", CSHIM_MS_SHARED | CSHIM_MS_REC, NULL) != 0) return -errno;
    return 0;
}

/* Create a new network namespace and keep it alive by bind-mounting it onto `path`
 * (a new empty file), as `ip netns add` does. The calling thread unshares, binds its
 * /proc/thread-self/ns/net and goes back to its original namespace. */
static inline int cshim_netns_create_at(const char *path) {
    int file = open(path, CSHIM_NETNS_OPEN_CREATE, 0444);
    if (file < 0) return -errno;
    close(file);
    int home = cshim_netns_open_current();
    if (home < 0) {
        unlink(path);
        return home;
    }
    int result = 0;
    if (cshim_unshare(CSHIM_CLONE_NEWNET) != 0) {
        result = -errno;
    } else {
        if (mount("/proc/thread-self/ns/net", path, "none", CSHIM_MS_BIND, NULL) != 0) result = -errno;
        if (cshim_setns(home, CSHIM_CLONE_NEWNET) != 0) abort(); /* see cshim_socket_in_netns */
    }
    close(home);
    if (result != 0) unlink(path);
    return result;
}

#endif
