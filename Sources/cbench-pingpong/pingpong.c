/*
 * cbench-pingpong: TCP and UDP round-trip times between two endpoints, for the network
 * measurements (inside containers, on lab hosts, host to host). Static, no dependencies.
 *
 *   cbench-pingpong server --tcp|--udp [--bind ADDR] --port P [--count N] [--timeout S] [--size B]
 *   cbench-pingpong client --tcp|--udp --host ADDR --port P [--count N] [--timeout S] [--size B]
 *
 * Bounded in count and time: the client sends at most N messages of B bytes and stops at the
 * deadline; the server answers at most N (plus its own slack) and exits after S seconds of
 * silence or at its deadline. The client prints one JSON object with every round trip in
 * nanoseconds; a UDP probe without an answer within a second is a failed sample (-1), never
 * dropped.
 */
#include "pingpong.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void) {
    fprintf(stderr, "usage: cbench-pingpong server|client --tcp|--udp [--host ADDR] [--bind ADDR] --port P "
                    "[--count N] [--timeout S] [--size B]\n");
    exit(2);
}

static long number(const char *text, long low, long high, const char *what) {
    char *end = NULL;
    long value = strtol(text, &end, 10);
    if (end == text || *end != '\0' || value < low || value > high) {
        fprintf(stderr, "cbench-pingpong: %s %s: expected %ld to %ld\n", what, text, low, high);
        exit(2);
    }
    return value;
}

int main(int argc, char **argv) {
    struct pp_options o = {.count = 10000, .timeout_seconds = 30, .size = 64, .port = 0, .udp = -1};
    if (argc < 2) usage();
    int server = strcmp(argv[1], "server") == 0;
    if (!server && strcmp(argv[1], "client") != 0) usage();
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--tcp") == 0) o.udp = 0;
        else if (strcmp(a, "--udp") == 0) o.udp = 1;
        else if (v && strcmp(a, "--host") == 0) o.host = argv[++i];
        else if (v && strcmp(a, "--bind") == 0) o.bind = argv[++i];
        else if (v && strcmp(a, "--port") == 0) o.port = (int)number(argv[++i], 1, 65535, "--port");
        else if (v && strcmp(a, "--count") == 0) o.count = number(argv[++i], 1, 10000000, "--count");
        else if (v && strcmp(a, "--timeout") == 0) o.timeout_seconds = number(argv[++i], 1, 3600, "--timeout");
        else if (v && strcmp(a, "--size") == 0) o.size = (size_t)number(argv[++i], 1, 65000, "--size");
        else usage();
    }
    if (o.udp < 0 || o.port == 0 || (!server && !o.host)) usage();
    return server ? pp_server(&o) : pp_client(&o);
}
