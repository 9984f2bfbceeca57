#include <stdio.h>
#include <sys/stat.h>

#include "probe.h"

/* Two processes share a namespace exactly when these inode numbers match. */
void section_namespaces(struct json *j) {
    static const char *const kinds[] = {"mnt", "pid", "net", "uts", "ipc", "user", "cgroup", "time"};
    json_key(j, "namespaces");
    json_object_begin(j);
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        char path[64];
        struct stat st;
        snprintf(path, sizeof(path), "/proc/self/ns/%s", kinds[i]);
        json_key(j, kinds[i]);
        if (stat(path, &st) == 0) json_uint(j, (unsigned long long)st.st_ino);
        else json_null(j);
    }
    json_object_end(j);
}
