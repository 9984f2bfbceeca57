#include <stdlib.h>
#include <string.h>

#include "probe.h"

/* Strips one level of shell quoting in place: "a b", 'a', and \" escapes. */
static char *unquote(char *value) {
    size_t n = strlen(value);
    if (n >= 2 && (value[0] == '"' || value[0] == '\'') && value[n - 1] == value[0]) {
        char quote = value[0];
        value[n - 1] = '\0';
        value++;
        if (quote == '"') {
            char *out = value;
            for (char *in = value; *in; in++) {
                if (in[0] == '\\' && in[1] != '\0') in++;
                *out++ = *in;
            }
            *out = '\0';
        }
    }
    return value;
}

void section_os_release(struct json *j) {
    static const char *const paths[] = {"/etc/os-release", "/usr/lib/os-release"};
    char *text = NULL;
    const char *path = NULL;
    for (size_t i = 0; i < 2 && text == NULL; i++) {
        text = probe_read_file(paths[i], 64 * 1024, NULL);
        path = paths[i];
    }
    json_key(j, "os_release");
    if (text == NULL) {
        json_null(j);
        return;
    }
    const char *id = NULL, *version_id = NULL, *pretty_name = NULL;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        probe_trim_end(line);
        char *equals = strchr(line, '=');
        if (equals == NULL) continue;
        *equals = '\0';
        char *value = unquote(equals + 1);
        if (strcmp(line, "ID") == 0) id = value;
        else if (strcmp(line, "VERSION_ID") == 0) version_id = value;
        else if (strcmp(line, "PRETTY_NAME") == 0) pretty_name = value;
    }
    json_object_begin(j);
    json_kv_string(j, "id", id);
    json_kv_string(j, "version_id", version_id);
    json_kv_string(j, "pretty_name", pretty_name);
    json_kv_string(j, "path", path);
    json_object_end(j);
    free(text);
}
