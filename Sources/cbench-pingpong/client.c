/* The measuring side: count round trips, each timed with CLOCK_MONOTONIC, printed as JSON. */
#include "pingpong.h"
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

long long pp_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int pp_address(const char *text, int port, struct sockaddr_in *addr) {
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_port = htons((unsigned short)port);
    if (!text) {
        addr->sin_addr.s_addr = htonl(INADDR_ANY);
        return 0;
    }
    return inet_pton(AF_INET, text, &addr->sin_addr) == 1 ? 0 : -1;
}

/* Reads or writes exactly len bytes; -1 on error or end of stream. */
int pp_full_io(int fd, char *buf, size_t len, int writing) {
    size_t done = 0;
    while (done < len) {
        ssize_t n = writing ? write(fd, buf + done, len - done) : read(fd, buf + done, len - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        done += (size_t)n;
    }
    return 0;
}

/* Connects, retrying for up to two seconds while the server comes up. */
static int connect_retrying(int udp, struct sockaddr_in *addr) {
    long long until = pp_now_ns() + 2000000000LL;
    for (;;) {
        int fd = socket(AF_INET, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);
        if (fd < 0) return -1;
        if (connect(fd, (struct sockaddr *)addr, sizeof *addr) == 0) return fd;
        int err = errno;
        close(fd);
        if (pp_now_ns() > until || (err != ECONNREFUSED && err != EINTR)) {
            errno = err;
            return -1;
        }
        usleep(20000);
    }
}

int pp_client(const struct pp_options *o) {
    struct sockaddr_in addr;
    if (pp_address(o->host, o->port, &addr) != 0) {
        fprintf(stderr, "cbench-pingpong: --host %s: not an IPv4 address\n", o->host);
        return 2;
    }
    int fd = connect_retrying(o->udp, &addr);
    if (fd < 0) {
        fprintf(stderr, "cbench-pingpong: connect %s:%d: %s\n", o->host, o->port, strerror(errno));
        return 1;
    }
    int one = 1;
    if (!o->udp) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct timeval wait = {.tv_sec = 1};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    char *buf = calloc(1, o->size), *reply = calloc(1, o->size);
    long long *rtt = calloc((size_t)o->count, sizeof *rtt);
    if (!buf || !reply || !rtt) return 1;
    long long deadline = pp_now_ns() + o->timeout_seconds * 1000000000LL;
    long done = 0, failed = 0;
    int broken = 0;
    for (; done < o->count && pp_now_ns() < deadline && !broken; done++) {
        memcpy(buf, &done, sizeof done < o->size ? sizeof done : o->size);
        long long start = pp_now_ns();
        int ok;
        if (o->udp) {
            ok = send(fd, buf, o->size, 0) == (ssize_t)o->size;
            /* Skip late answers to earlier probes: match the sequence number. */
            while (ok) {
                ssize_t n = recv(fd, reply, o->size, 0);
                if (n < 0 && errno == EINTR) continue;
                if (n != (ssize_t)o->size) { ok = 0; break; }
                if (memcmp(reply, buf, sizeof done < o->size ? sizeof done : o->size) == 0) break;
            }
        } else {
            ok = pp_full_io(fd, buf, o->size, 1) == 0 && pp_full_io(fd, reply, o->size, 0) == 0;
            if (!ok) broken = 1;
        }
        rtt[done] = ok ? pp_now_ns() - start : -1;
        if (!ok) failed++;
    }
    printf("{\"protocol\":\"%s\",\"host\":\"%s\",\"port\":%d,\"size\":%zu,\"requested\":%ld,\"completed\":%ld,"
           "\"failed\":%ld,\"rtt_ns\":[", o->udp ? "udp" : "tcp", o->host, o->port, o->size, o->count, done, failed);
    for (long i = 0; i < done; i++) printf("%s%lld", i ? "," : "", rtt[i]);
    printf("]}\n");
    free(buf);
    free(reply);
    free(rtt);
    close(fd);
    return failed == done ? 1 : 0;
}
