/* `cbench-probe --serve PORT [--touch MB]`: the stateful service of the migration scenario.
 * It holds MB MiB of memory it filled and checksummed, keeps a counter going, and answers on
 * PORT over UDP (every datagram comes back with the counter appended) and TCP (bytes echoed).
 * A UDP datagram "sum" is answered "sum NOW INITIAL COUNTER": the checksum of the memory as it
 * is now against the one taken at the start, so a client can tell that a restore kept it. */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "probe.h"

#define SERVE_MAX_TCP 8

static void stop_on_signal(int signal_number) {
    (void)signal_number;
    _exit(0);
}

/* FNV-1a over the whole buffer, 8 bytes at a time: every page is read. */
static uint64_t checksum(const uint64_t *words, size_t count) {
    uint64_t hash = 1469598103934665603ULL;
    for (size_t i = 0; i < count; i++) {
        hash ^= words[i];
        hash *= 1099511628211ULL;
    }
    return hash;
}

/* xorshift64: memory that neither compresses nor dedups to zero pages. */
static void fill(uint64_t *words, size_t count) {
    uint64_t state = 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < count; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        words[i] = state;
    }
}

static int listen_on(int type, int port) {
    int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr = {htonl(INADDR_ANY)}};
    if (bind(fd, (struct sockaddr *)&address, sizeof(address)) != 0) return -1;
    if (type == SOCK_STREAM && listen(fd, SERVE_MAX_TCP) != 0) return -1;
    return fd;
}

static void answer_datagram(int fd, const uint64_t *words, size_t count, uint64_t initial, uint64_t counter) {
    char request[512], reply[600];
    struct sockaddr_in peer;
    socklen_t length = sizeof(peer);
    ssize_t n = recvfrom(fd, request, sizeof(request) - 1, MSG_DONTWAIT, (struct sockaddr *)&peer, &length);
    if (n < 0) return;
    int size;
    if (n == 3 && memcmp(request, "sum", 3) == 0) {
        size = snprintf(reply, sizeof(reply), "sum %016llx %016llx %llu", (unsigned long long)checksum(words, count),
                        (unsigned long long)initial, (unsigned long long)counter);
    } else {
        memcpy(reply, request, (size_t)n);
        size = (int)n + snprintf(reply + n, sizeof(reply) - (size_t)n, " %llu", (unsigned long long)counter);
    }
    sendto(fd, reply, (size_t)size, MSG_DONTWAIT, (struct sockaddr *)&peer, length);
}

int serve_main(int argc, char **argv) {
    long port = 0, megabytes = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--serve") == 0) port = strtol(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--touch") == 0) megabytes = strtol(argv[i + 1], NULL, 10);
        else {
            fprintf(stderr, "cbench-probe: --serve takes only --touch MB, not '%s'\n", argv[i]);
            return 2;
        }
    }
    if (port <= 0 || port > 65535 || megabytes < 0 || argc % 2 == 0) {
        fputs("usage: cbench-probe --serve PORT [--touch MB]\n", stderr);
        return 2;
    }
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = stop_on_signal;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);

    size_t count = (size_t)megabytes * (1024 * 1024 / sizeof(uint64_t));
    uint64_t *words = count ? malloc(count * sizeof(uint64_t)) : NULL;
    if (count && words == NULL) {
        fprintf(stderr, "cbench-probe: --touch %ld: %s\n", megabytes, probe_errno_name(errno));
        return 1;
    }
    fill(words, count);
    uint64_t initial = checksum(words, count);

    struct pollfd fds[2 + SERVE_MAX_TCP];
    fds[0].fd = listen_on(SOCK_DGRAM, (int)port);
    fds[1].fd = listen_on(SOCK_STREAM, (int)port);
    if (fds[0].fd < 0 || fds[1].fd < 0) {
        fprintf(stderr, "cbench-probe: --serve %ld: bind: %s\n", port, probe_errno_name(errno));
        return 1;
    }
    int used = 2;
    for (int i = 0; i < 2 + SERVE_MAX_TCP; i++) fds[i].events = POLLIN;
    uint64_t counter = 0;
    for (;;) {
        /* The counter moves on every wake-up and at least every 10 ms. */
        int ready = poll(fds, (nfds_t)used, 10);
        counter++;
        if (ready <= 0) continue;
        if (fds[0].revents & POLLIN) answer_datagram(fds[0].fd, words, count, initial, counter);
        if ((fds[1].revents & POLLIN) && used < 2 + SERVE_MAX_TCP) {
            int connection = accept4(fds[1].fd, NULL, NULL, SOCK_CLOEXEC);
            if (connection >= 0) fds[used++].fd = connection;
        }
        for (int i = 2; i < used; i++) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char buffer[4096];
            ssize_t n = read(fds[i].fd, buffer, sizeof(buffer));
            if (n > 0 && write(fds[i].fd, buffer, (size_t)n) == n) continue;
            close(fds[i].fd);
            fds[i] = fds[--used];
            fds[used].events = POLLIN;
            i--;
        }
    }
}
