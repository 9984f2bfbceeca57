#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "probe.h"

/* uid_map / gid_map lines "inside outside count" as [inside, outside, count]. */
static void write_id_map(struct json *j, const char *key, const char *path) {
    char *text = probe_begin_file_array(j, key, path);
    if (text == NULL) return;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        unsigned long inside, outside, count;
        if (sscanf(line, "%lu %lu %lu", &inside, &outside, &count) != 3) continue;
        json_array_begin(j);
        json_uint(j, inside);
        json_uint(j, outside);
        json_uint(j, count);
        json_array_end(j);
    }
    json_array_end(j);
    free(text);
}

static void write_groups(struct json *j) {
    json_key(j, "groups");
    int count = getgroups(0, NULL);
    gid_t *groups = count > 0 ? calloc((size_t)count, sizeof(gid_t)) : NULL;
    if (count < 0 || (count > 0 && (groups == NULL || getgroups(count, groups) < 0))) {
        free(groups);
        json_null(j);
        return;
    }
    json_array_begin(j);
    for (int i = 0; i < count; i++) json_uint(j, groups[i]);
    json_array_end(j);
    free(groups);
}

void section_identity(struct json *j) {
    struct utsname names;
    if (uname(&names) == 0) {
        json_kv_string(j, "hostname", names.nodename);
        json_kv_string(j, "domainname", names.domainname);
    } else {
        json_kv_null(j, "hostname");
        json_kv_null(j, "domainname");
    }
    json_kv_uint(j, "uid", getuid());
    json_kv_uint(j, "gid", getgid());
    json_kv_uint(j, "euid", geteuid());
    json_kv_uint(j, "egid", getegid());
    write_groups(j);
    write_id_map(j, "uid_map", "/proc/self/uid_map");
    write_id_map(j, "gid_map", "/proc/self/gid_map");
}
