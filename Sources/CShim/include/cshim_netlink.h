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
 * Every function returns a value >= 0 on success, or -errno. The code is in netns.c.
 */
/* Swift's netlink code takes sockaddr_nl and NETLINK_ROUTE from here: Glibc lacks them. */
#include <sys/socket.h>
#include <linux/netlink.h>

/* socket(domain, type, protocol) created inside the network namespace `netns_fd`. */
int cshim_socket_in_netns(int netns_fd, int domain, int type, int protocol);

/* A NETLINK_ROUTE socket created inside the network namespace `netns_fd`. */
int cshim_netlink_socket_in_netns(int netns_fd);

/* Make `dir` (which must exist) a shared mount point (bind-mounting it onto itself first if
 * it is not a mount point yet), as iproute2 does for /run/netns, so namespaces bound under it
 * show up in mount namespaces created later. */
int cshim_netns_prepare_directory(const char *dir);

/* Create a new network namespace and keep it alive by bind-mounting it onto `path` (a new
 * empty file), as `ip netns add` does. The calling thread unshares, binds its
 * /proc/thread-self/ns/net and goes back to its original namespace. */
int cshim_netns_create_at(const char *path);

/* Create a new network namespace held only by the returned close-on-exec descriptor (it goes
 * when that and every process and socket in it are gone): nothing to unmount after a failure.
 * The calling thread unshares, opens its /proc/thread-self/ns/net and goes back. */
int cshim_netns_create_fd(void);

#endif
