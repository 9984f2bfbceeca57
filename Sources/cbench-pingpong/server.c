/* The echo side: one TCP connection or one UDP peer at a time, bounded by count and time. */
#include "pingpong.h"
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

/* Waits for `fd` to be readable until the deadline; 1 ready, 0 deadline passed. */
static int wait_readable(int fd, long long deadline) {
    for (;;) {
        long long left = (deadline - pp_now_ns()) / 1000000;
        if (left <= 0) return 0;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int rc = poll(&p, 1, left > 1000 ? 1000 : (int)left);
        if (rc > 0) return 1;
        if (rc < 0 && errno != EINTR) return 0;
    }
}

int pp_server(const struct pp_options *o) {
    struct sockaddr_in addr;
    if (pp_address(o->bind, o->port, &addr) != 0) {
        fprintf(stderr, "cbench-pingpong: --bind %s: not an IPv4 address\n", o->bind);
        return 2;
    }
    int fd = socket(AF_INET, (o->udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || (!o->udp && listen(fd, 4) != 0)) {
        perror("cbench-pingpong: bind");
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    long long deadline = pp_now_ns() + o->timeout_seconds * 1000000000LL;
    char *buf = malloc(o->size);
    if (!buf) return 1;
    /* Warm-up and the client's own retries may add messages: allow some slack past count. */
    long limit = o->count + o->count / 10 + 100, served = 0;
    if (o->udp) {
        while (served < limit && wait_readable(fd, deadline)) {
            struct sockaddr_in peer;
            socklen_t peer_len = sizeof peer;
            ssize_t n = recvfrom(fd, buf, o->size, 0, (struct sockaddr *)&peer, &peer_len);
            if (n <= 0) continue;
            sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&peer, peer_len);
            served++;
        }
    } else if (wait_readable(fd, deadline)) {
        int conn = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
        if (conn >= 0) {
            setsockopt(conn, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            while (served < limit && wait_readable(conn, deadline)) {
                if (pp_full_io(conn, buf, o->size, 0) != 0) break;
                if (pp_full_io(conn, buf, o->size, 1) != 0) break;
                served++;
            }
            close(conn);
        }
    }
    fprintf(stderr, "cbench-pingpong: served %ld\n", served);
    free(buf);
    close(fd);
    return 0;
}
