#ifndef CSHIM_SOCKET_H
#define CSHIM_SOCKET_H
#include <sys/types.h>

/* recvmsg of one message and at most one descriptor passed with SCM_RIGHTS (CRIU's RPC hands
 * the master of an orphaned pty this way). *fd is -1 when none came; the descriptor is
 * close-on-exec. Returns the byte count, or -1 with errno. */
ssize_t cshim_recv_with_fd(int sock, void *buf, size_t len, int *fd);

/* sendmsg of `buf` with one descriptor passed with SCM_RIGHTS: how a runtime hands the master
 * of a container's pty to the --console-socket of conmon or containerd-shim (the payload is
 * the pty's name, as runc sends it). Returns the byte count, or -1 with errno. */
ssize_t cshim_send_with_fd(int sock, const void *buf, size_t len, int fd);

/* socketpair(AF_UNIX, SOCK_SEQPACKET) with both ends close-on-exec. */
int cshim_seqpacket_pair(int fds[2]);

#endif
