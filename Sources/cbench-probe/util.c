#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

const char *probe_errno_name(int code) {
    /* Single-threaded program: one static buffer is enough for the fallback. */
    static char unnamed[32];
    const char *name = strerrorname_np(code);
    if (name != NULL) return name;
    snprintf(unnamed, sizeof(unnamed), "errno %d", code);
    return unnamed;
}

char *probe_read_file(const char *path, size_t cap, size_t *length) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    size_t size = 0;
    size_t capacity = 4096 < cap ? 4096 : cap;
    char *buffer = malloc(capacity + 1);
    if (buffer == NULL) {
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    for (;;) {
        if (size == capacity) {
            if (capacity >= cap) break;
            size_t grown = capacity * 2 < cap ? capacity * 2 : cap;
            char *bigger = realloc(buffer, grown + 1);
            if (bigger == NULL) break;
            buffer = bigger;
            capacity = grown;
        }
        ssize_t n = read(fd, buffer + size, capacity - size);
        if (n < 0) {
            if (errno == EINTR) continue;
            int saved = errno;
            free(buffer);
            close(fd);
            errno = saved;
            return NULL;
        }
        if (n == 0) break;
        size += (size_t)n;
    }
    close(fd);
    buffer[size] = '\0';
    if (length != NULL) *length = size;
    return buffer;
}

char *probe_begin_file_array(struct json *j, const char *key, const char *path) {
    char *text = probe_read_file(path, 64 * 1024, NULL);
    json_key(j, key);
    if (text == NULL) {
        json_null(j);
        return NULL;
    }
    json_array_begin(j);
    return text;
}

char *probe_read_line(const char *path) {
    char *text = probe_read_file(path, 64 * 1024, NULL);
    if (text == NULL) return NULL;
    text[strcspn(text, "\n")] = '\0';
    return text;
}

void probe_trim_end(char *s) {
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = '\0';
}
