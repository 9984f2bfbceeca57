#ifndef CSHIM_PEER_H
#define CSHIM_PEER_H
#include <sys/types.h>
/* accept4 and struct ucred need _GNU_SOURCE, which Swift's Glibc module is not built with:
 * the overhead scenarios' gate learns which process connected to it. */

/* Accepts one connection on the unix socket `listener` (close-on-exec) and gives the peer's
 * pid, as the caller's pid namespace sees it, in `pid` (SO_PEERCRED). Returns the connection's
 * fd, or -1 with errno set. */
int cshim_accept_peer(int listener, pid_t *pid);
#endif
