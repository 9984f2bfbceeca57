#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "probe.h"

/* /proc/self/cgroup lines "hierarchy:controllers:path" (v2: "0::path"). */
void section_cgroup(struct json *j) {
    char *text = probe_begin_file_array(j, "cgroup", "/proc/self/cgroup");
    if (text == NULL) return;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char *first = strchr(line, ':');
        char *second = first ? strchr(first + 1, ':') : NULL;
        if (second == NULL) continue;
        *first = '\0';
        *second = '\0';
        json_object_begin(j);
        json_kv_int(j, "hierarchy", strtol(line, NULL, 10));
        json_key(j, "controllers");
        json_array_begin(j);
        char *inner = NULL;
        for (char *c = strtok_r(first + 1, ",", &inner); c != NULL; c = strtok_r(NULL, ",", &inner))
            json_string(j, c);
        json_array_end(j);
        json_kv_string(j, "path", second + 1);
        json_object_end(j);
    }
    json_array_end(j);
    free(text);
}

/* Our path in the v1 hierarchy holding `controller` (or in v2 when controller
 * is NULL), from /proc/self/cgroup, into out; 0 if not found. */
static int own_cgroup_path(const char *controller, char *out, size_t size) {
    char *text = probe_read_file("/proc/self/cgroup", 64 * 1024, NULL);
    if (text == NULL) return 0;
    int found = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL && !found; line = strtok_r(NULL, "\n", &save)) {
        char *first = strchr(line, ':');
        char *second = first ? strchr(first + 1, ':') : NULL;
        if (second == NULL) continue;
        *second = '\0';
        const char *controllers = first + 1;
        if (controller == NULL) {
            found = strcmp(line, "0:") == 0; /* the v2 line: hierarchy 0, no controllers */
        } else {
            char list[256];
            snprintf(list, sizeof(list), ",%s,", controllers);
            char wanted[64];
            snprintf(wanted, sizeof(wanted), ",%s,", controller);
            found = strstr(list, wanted) != NULL;
        }
        if (found) snprintf(out, size, "%s", second + 1);
    }
    free(text);
    return found;
}

/* The cgroup file the process is subject to: its own cgroup's first (host view),
 * then the hierarchy root (what a container sees through a cgroup namespace or
 * a bind-mounted cgroup directory); v1 (in the hierarchy directory `directory`)
 * before v2. The first readable one goes to out; 0 when none is. */
int probe_cgroup_file(const char *controller, const char *directory, const char *v1_file, const char *v2_file,
                      char *out, size_t size) {
    char own_v1[PATH_MAX] = "", own_v2[PATH_MAX] = "";
    int has_v1 = own_cgroup_path(controller, own_v1, sizeof(own_v1));
    int has_v2 = own_cgroup_path(NULL, own_v2, sizeof(own_v2));
    char candidates[4][PATH_MAX * 2];
    int count = 0;
    if (has_v1) snprintf(candidates[count++], sizeof(candidates[0]), "/sys/fs/cgroup/%s%s/%s", directory, own_v1, v1_file);
    snprintf(candidates[count++], sizeof(candidates[0]), "/sys/fs/cgroup/%s/%s", directory, v1_file);
    if (has_v2) snprintf(candidates[count++], sizeof(candidates[0]), "/sys/fs/cgroup%s/%s", own_v2, v2_file);
    snprintf(candidates[count++], sizeof(candidates[0]), "/sys/fs/cgroup/%s", v2_file);
    for (int i = 0; i < count; i++) {
        if (access(candidates[i], R_OK) != 0) continue;
        snprintf(out, size, "%s", candidates[i]);
        return 1;
    }
    return 0;
}

/* The limit file's first line as `key`, and its path as `key`_path (nulls when unreadable). */
static void write_cgroup_limit(struct json *j, const char *key, const char *controller, const char *v1_file,
                               const char *v2_file) {
    char path_key[64];
    snprintf(path_key, sizeof(path_key), "%s_path", key);
    char path[PATH_MAX * 2];
    char *value = probe_cgroup_file(controller, controller, v1_file, v2_file, path, sizeof(path)) ? probe_read_line(path) : NULL;
    if (value == NULL) {
        json_kv_null(j, key);
        json_kv_null(j, path_key);
        return;
    }
    probe_trim_end(value);
    json_kv_string(j, key, value);
    json_kv_string(j, path_key, path);
    free(value);
}

/* {soft, hard}; null stands for RLIM_INFINITY. */
static void write_rlimit(struct json *j, const char *key, int resource) {
    struct rlimit limit;
    json_key(j, key);
    if (getrlimit(resource, &limit) != 0) {
        json_null(j);
        return;
    }
    json_object_begin(j);
    json_key(j, "soft");
    if (limit.rlim_cur == RLIM_INFINITY) json_null(j);
    else json_uint(j, limit.rlim_cur);
    json_key(j, "hard");
    if (limit.rlim_max == RLIM_INFINITY) json_null(j);
    else json_uint(j, limit.rlim_max);
    json_object_end(j);
}

void section_limits(struct json *j) {
    json_key(j, "limits");
    json_object_begin(j);
    write_cgroup_limit(j, "memory_max", "memory", "memory.limit_in_bytes", "memory.max");
    write_cgroup_limit(j, "pids_max", "pids", "pids.max", "pids.max");
    write_rlimit(j, "nofile", RLIMIT_NOFILE);
    write_rlimit(j, "nproc", RLIMIT_NPROC);
    json_object_end(j);
}
