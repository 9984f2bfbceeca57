/*
 * The gate: the workload waits until the host has found it and opened its counters. It
 * connects to the host's unix socket (a bind mount brings it into the container), so the
 * host learns its pid in the host's pid namespace from SO_PEERCRED, whatever namespace the
 * container has; the host answers one byte, `g`, and PROGRAM replaces the gate. Anything
 * else (or the socket closing) ends the gate with 125 and PROGRAM never runs.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "work.h"

int mode_gate(int argc, char **argv) {
    if (argc < 3 || strcmp(argv[1], "--") != 0) {
        fprintf(stderr, "usage: " WORK_NAME " gate SOCKET -- PROGRAM [ARG...]\n");
        return 2;
    }
    const char *path = argv[0];
    struct sockaddr_un address;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof address.sun_path) {
        fprintf(stderr, WORK_NAME ": gate: socket path '%s' is too long\n", path);
        return 2;
    }
    strcpy(address.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) work_fail("gate: socket");
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) work_fail("gate: connect");
    char answer = 0;
    ssize_t got;
    do {
        got = read(fd, &answer, 1);
    } while (got < 0 && errno == EINTR);
    if (got != 1 || answer != 'g') {
        fprintf(stderr, WORK_NAME ": gate: the host did not open the gate\n");
        return 125;
    }
    close(fd);
    execv(argv[2], argv + 2);
    work_fail("gate: execv");
    return 127;
}
