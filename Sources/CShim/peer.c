/* The peer of a unix socket connection (see cshim_peer.h). */
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>
#include "cshim_peer.h"

int cshim_accept_peer(int listener, pid_t *pid) {
    int connection = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
    if (connection < 0) return -1;
    struct ucred credentials;
    socklen_t length = sizeof credentials;
    if (getsockopt(connection, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) {
        int code = errno;
        close(connection);
        errno = code;
        return -1;
    }
    *pid = credentials.pid;
    return connection;
}
