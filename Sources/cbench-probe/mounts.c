#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

/* mountinfo escapes space, tab, newline and backslash as \ooo; undo in place. */
static void unescape_octal(char *s) {
    char *out = s;
    for (char *in = s; *in; in++) {
        if (in[0] == '\\' && in[1] >= '0' && in[1] <= '3' && in[2] >= '0' && in[2] <= '7' && in[3] >= '0' &&
            in[3] <= '7') {
            *out++ = (char)((in[1] - '0') * 64 + (in[2] - '0') * 8 + (in[3] - '0'));
            in += 3;
        } else {
            *out++ = *in;
        }
    }
    *out = '\0';
}

#define MAX_FIELDS 64

/* One mountinfo line:
 * id parent major:minor root mount_point options [optional...] - fstype source super_options */
static void write_mount(struct json *j, char *line) {
    char *fields[MAX_FIELDS];
    int count = 0;
    char *save = NULL;
    for (char *f = strtok_r(line, " ", &save); f != NULL && count < MAX_FIELDS; f = strtok_r(NULL, " ", &save))
        fields[count++] = f;
    int dash = -1;
    for (int i = 6; i < count; i++) {
        if (strcmp(fields[i], "-") == 0) {
            dash = i;
            break;
        }
    }
    if (count < 6 || dash < 0 || dash + 2 >= count) return; /* malformed: skip, never guess */
    unescape_octal(fields[3]);
    unescape_octal(fields[4]);
    unescape_octal(fields[dash + 2]);
    json_object_begin(j);
    json_kv_int(j, "mount_id", strtol(fields[0], NULL, 10));
    json_kv_int(j, "parent_id", strtol(fields[1], NULL, 10));
    json_kv_string(j, "mount_point", fields[4]);
    json_kv_string(j, "fstype", fields[dash + 1]);
    json_kv_string(j, "source", fields[dash + 2]);
    json_kv_string(j, "options", fields[5]);
    json_kv_string(j, "super_options", dash + 3 < count ? fields[dash + 3] : "");
    json_kv_string(j, "root", fields[3]);
    json_key(j, "propagation");
    json_array_begin(j);
    for (int i = 6; i < dash; i++) json_string(j, fields[i]);
    json_array_end(j);
    json_object_end(j);
}

void section_mounts(struct json *j) {
    json_key(j, "mounts");
    FILE *file = fopen("/proc/self/mountinfo", "re");
    if (file == NULL) {
        json_null(j);
        return;
    }
    json_array_begin(j);
    char *line = NULL;
    size_t capacity = 0;
    ssize_t n;
    while ((n = getline(&line, &capacity, file)) > 0) {
        probe_trim_end(line);
        write_mount(j, line);
    }
    free(line);
    fclose(file);
    json_array_end(j);
}
