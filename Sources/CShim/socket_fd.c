/* Descriptors over unix sockets (CRIU's RPC, console sockets): the CMSG macros do not reach Swift. */
#include "cshim_socket.h"
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

/* Room for one descriptor beside a message, aligned for its control header. */
union fd_control {
    char space[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
};

/* A message of `iov` with room for one descriptor in `control`. */
static struct msghdr fd_message(struct iovec *iov, union fd_control *control) {
    memset(control, 0, sizeof *control);
    return (struct msghdr){.msg_iov = iov, .msg_iovlen = 1, .msg_control = control->space,
                           .msg_controllen = sizeof control->space};
}

ssize_t cshim_recv_with_fd(int sock, void *buf, size_t len, int *fd) {
    struct iovec iov = {.iov_base = buf, .iov_len = len};
    union fd_control control;
    struct msghdr msg = fd_message(&iov, &control);
    *fd = -1;
    ssize_t n;
    do {
        n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n < 0) return -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len >= CMSG_LEN(sizeof(int)))
            memcpy(fd, CMSG_DATA(c), sizeof(int));
    }
    return n;
}

int cshim_seqpacket_pair(int fds[2]) {
    return socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds);
}

ssize_t cshim_send_with_fd(int sock, const void *buf, size_t len, int fd) {
    struct iovec iov = {.iov_base = (void *)buf, .iov_len = len};
    union fd_control control;
    struct msghdr msg = fd_message(&iov, &control);
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof(int));
    ssize_t n;
    do {
        n = sendmsg(sock, &msg, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
}
