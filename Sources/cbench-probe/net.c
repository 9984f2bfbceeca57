#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "probe.h"

static int prefix_length(const struct sockaddr *mask) {
    if (mask == NULL) return -1;
    const unsigned char *bytes;
    size_t size;
    if (mask->sa_family == AF_INET) {
        bytes = (const unsigned char *)&((const struct sockaddr_in *)mask)->sin_addr;
        size = 4;
    } else if (mask->sa_family == AF_INET6) {
        bytes = (const unsigned char *)&((const struct sockaddr_in6 *)mask)->sin6_addr;
        size = 16;
    } else {
        return -1;
    }
    int bits = 0;
    for (size_t i = 0; i < size; i++) bits += __builtin_popcount(bytes[i]);
    return bits;
}

static void write_addresses(struct json *j, struct ifaddrs *list, const char *name, int family) {
    json_array_begin(j);
    for (struct ifaddrs *a = list; a != NULL; a = a->ifa_next) {
        if (a->ifa_addr == NULL || a->ifa_addr->sa_family != family || strcmp(a->ifa_name, name) != 0) continue;
        char text[INET6_ADDRSTRLEN + 16];
        const void *raw = family == AF_INET ? (const void *)&((struct sockaddr_in *)a->ifa_addr)->sin_addr
                                            : (const void *)&((struct sockaddr_in6 *)a->ifa_addr)->sin6_addr;
        if (inet_ntop(family, raw, text, INET6_ADDRSTRLEN) == NULL) continue;
        int prefix = prefix_length(a->ifa_netmask);
        size_t used = strlen(text);
        if (prefix >= 0) snprintf(text + used, sizeof(text) - used, "/%d", prefix);
        json_string(j, text);
    }
    json_array_end(j);
}

static void write_flags(struct json *j, unsigned int flags) {
    static const struct { unsigned int bit; const char *name; } known[] = {
        {IFF_UP, "UP"}, {IFF_BROADCAST, "BROADCAST"}, {IFF_LOOPBACK, "LOOPBACK"},
        {IFF_POINTOPOINT, "POINTOPOINT"}, {IFF_RUNNING, "RUNNING"}, {IFF_NOARP, "NOARP"},
        {IFF_PROMISC, "PROMISC"}, {IFF_MULTICAST, "MULTICAST"},
    };
    json_key(j, "flags");
    json_array_begin(j);
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (flags & known[i].bit) json_string(j, known[i].name);
    json_array_end(j);
}

/* getifaddrs (netlink underneath, no NSS, so fine in a static binary) lists
 * each interface once per address family; group the entries by name. */
void section_interfaces(struct json *j) {
    struct ifaddrs *list = NULL;
    json_key(j, "interfaces");
    if (getifaddrs(&list) != 0) {
        json_null(j);
        return;
    }
    json_array_begin(j);
    for (struct ifaddrs *a = list; a != NULL; a = a->ifa_next) {
        int seen = 0;
        for (struct ifaddrs *b = list; b != a; b = b->ifa_next)
            if (strcmp(a->ifa_name, b->ifa_name) == 0) seen = 1;
        if (seen) continue;
        json_object_begin(j);
        json_kv_string(j, "name", a->ifa_name);
        json_kv_uint(j, "index", if_nametoindex(a->ifa_name));
        json_kv_bool(j, "up", (a->ifa_flags & IFF_UP) != 0);
        write_flags(j, a->ifa_flags);
        json_key(j, "ipv4");
        write_addresses(j, list, a->ifa_name, AF_INET);
        json_key(j, "ipv6");
        write_addresses(j, list, a->ifa_name, AF_INET6);
        json_object_end(j);
    }
    json_array_end(j);
    freeifaddrs(list);
}

/* "HOST:PORT" or "[V6]:PORT", numeric only: a name lookup would need NSS in a
 * static binary and could send traffic off the machine. */
static int parse_target(const char *target, struct sockaddr_storage *address, socklen_t *length) {
    char host[INET6_ADDRSTRLEN + 2];
    const char *colon = strrchr(target, ':');
    if (colon == NULL || (size_t)(colon - target) >= sizeof(host)) return -1;
    memcpy(host, target, (size_t)(colon - target));
    host[colon - target] = '\0';
    char *end = NULL;
    long port = strtol(colon + 1, &end, 10);
    if (end == colon + 1 || *end != '\0' || port <= 0 || port > 65535) return -1;
    memset(address, 0, sizeof(*address));
    size_t host_length = strlen(host);
    if (host_length > 2 && host[0] == '[' && host[host_length - 1] == ']') {
        host[host_length - 1] = '\0';
        struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)address;
        if (inet_pton(AF_INET6, host + 1, &v6->sin6_addr) != 1) return -1;
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((unsigned short)port);
        *length = sizeof(*v6);
        return 0;
    }
    struct sockaddr_in *v4 = (struct sockaddr_in *)address;
    if (inet_pton(AF_INET, host, &v4->sin_addr) != 1) return -1;
    v4->sin_family = AF_INET;
    v4->sin_port = htons((unsigned short)port);
    *length = sizeof(*v4);
    return 0;
}

/* 0 when connected, else the errno; ETIMEDOUT after one second. */
static int try_connect(const struct sockaddr_storage *address, socklen_t length) {
    int fd = socket(address->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return errno;
    int result = 0;
    if (connect(fd, (const struct sockaddr *)address, length) != 0) {
        if (errno != EINPROGRESS) {
            result = errno;
        } else {
            struct pollfd waiter = {.fd = fd, .events = POLLOUT};
            int ready;
            do ready = poll(&waiter, 1, 1000);
            while (ready < 0 && errno == EINTR);
            if (ready == 0) {
                result = ETIMEDOUT;
            } else if (ready < 0) {
                result = errno;
            } else {
                int error = 0;
                socklen_t size = sizeof(error);
                result = getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 ? error : errno;
            }
        }
    }
    close(fd);
    return result;
}

void check_connect(struct json *j, const char *target) {
    struct sockaddr_storage address;
    socklen_t length = 0;
    json_object_begin(j);
    json_kv_string(j, "target", target);
    if (parse_target(target, &address, &length) != 0) {
        json_kv_bool(j, "ok", 0);
        json_kv_errno(j, "errno", EINVAL);
    } else {
        int error = try_connect(&address, length);
        json_kv_bool(j, "ok", error == 0);
        json_kv_errno(j, "errno", error);
    }
    json_object_end(j);
}
