#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

static int compare_ints(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Open descriptors as [{fd, target}], excluding the one that lists them.
 * Leaked host descriptors (a pipe, a host file) show up here. */
static void write_fds(struct json *j) {
    json_key(j, "fds");
    DIR *dir = opendir("/proc/self/fd");
    if (dir == NULL) {
        json_null(j);
        return;
    }
    int own = dirfd(dir);
    int fds[1024];
    size_t count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL && count < sizeof(fds) / sizeof(fds[0])) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
        int fd = atoi(entry->d_name);
        if (fd != own) fds[count++] = fd;
    }
    closedir(dir);
    qsort(fds, count, sizeof(int), compare_ints);
    json_array_begin(j);
    for (size_t i = 0; i < count; i++) {
        char link[64], target[PATH_MAX];
        snprintf(link, sizeof(link), "/proc/self/fd/%d", fds[i]);
        ssize_t n = readlink(link, target, sizeof(target) - 1);
        json_object_begin(j);
        json_kv_int(j, "fd", fds[i]);
        json_key(j, "target");
        if (n >= 0) json_string_n(j, target, (size_t)n);
        else json_null(j);
        json_object_end(j);
    }
    json_array_end(j);
}

void section_fds(struct json *j) {
    write_fds(j);
    char cwd[PATH_MAX];
    json_kv_string(j, "cwd", getcwd(cwd, sizeof(cwd)));
}
