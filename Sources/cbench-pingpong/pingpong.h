#ifndef CBENCH_PINGPONG_H
#define CBENCH_PINGPONG_H
#include <stddef.h>

struct pp_options {
    const char *host;
    const char *bind;
    int port;
    long count;
    long timeout_seconds;
    size_t size;
    int udp;
};

int pp_server(const struct pp_options *o);
int pp_client(const struct pp_options *o);
long long pp_now_ns(void);
/* Fills *addr from a dotted IPv4 address (NULL: any); 0 or -1. */
struct sockaddr_in;
int pp_address(const char *text, int port, struct sockaddr_in *addr);
int pp_full_io(int fd, char *buf, size_t len, int writing);

#endif
