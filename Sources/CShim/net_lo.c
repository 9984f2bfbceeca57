/* Brings the loopback interface of a new network namespace up. */
#include "child.h"
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

void cshim_loopback_up(struct cshim_child *c) {
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) cshim_fail(c, CSHIM_STAGE_LOOPBACK, errno, "lo", "socket");
    struct ifreq request;
    memset(&request, 0, sizeof request);
    cshim_copy(request.ifr_name, sizeof request.ifr_name, "lo");
    if (ioctl(sock, SIOCGIFFLAGS, &request) != 0) cshim_fail(c, CSHIM_STAGE_LOOPBACK, errno, "lo", NULL);
    request.ifr_flags |= IFF_UP;
    if (ioctl(sock, SIOCSIFFLAGS, &request) != 0) cshim_fail(c, CSHIM_STAGE_LOOPBACK, errno, "lo", NULL);
    close(sock);
}
