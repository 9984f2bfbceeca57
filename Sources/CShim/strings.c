/* Small string helpers for the child: no allocation, no locale, safe after clone. */
#include "child.h"

size_t cshim_strlen(const char *s) {
    size_t n = 0;
    if (s == NULL) return 0;
    while (s[n] != '\0') n++;
    return n;
}

size_t cshim_copy(char *dst, size_t cap, const char *src) {
    size_t n = 0;
    if (cap == 0) return 0;
    if (src != NULL) {
        while (src[n] != '\0' && n + 1 < cap) {
            dst[n] = src[n];
            n++;
        }
    }
    dst[n] = '\0';
    return n;
}

int cshim_streq(const char *a, const char *b) {
    if (a == NULL || b == NULL) return a == b;
    while (*a != '\0' && *a == *b) { a++; b++; }
    return *a == *b;
}

void cshim_numbered_path(char *buf, const char *prefix, unsigned int number) {
    char digits[16];
    int n = 0;
    size_t at = cshim_copy(buf, 32, prefix);
    do { digits[n++] = (char)('0' + number % 10); number /= 10; } while (number != 0 && n < 15);
    while (n > 0) buf[at++] = digits[--n];
    buf[at] = '\0';
}

void cshim_fd_path(char *buf, int fd) {
    cshim_numbered_path(buf, "/proc/self/fd/", (unsigned int)fd);
}
