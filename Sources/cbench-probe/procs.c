#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

static int is_number(const char *s) {
    if (*s == '\0') return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return 0;
    return 1;
}

static int compare_longs(const void *a, const void *b) {
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* pid 1's argv as a list: NUL-separated in /proc/1/cmdline; null when unreadable
 * (no /proc, or pid 1 hidden) and an empty list for a kernel thread. */
static void write_pid1_cmdline(struct json *j) {
    size_t length = 0;
    char *text = probe_read_file("/proc/1/cmdline", 64 * 1024, &length);
    json_key(j, "pid1_cmdline");
    if (text == NULL) {
        json_null(j);
        return;
    }
    json_array_begin(j);
    size_t start = 0;
    for (size_t i = 0; i < length; i++) {
        if (text[i] == '\0') {
            json_string_n(j, text + start, i - start);
            start = i + 1;
        }
    }
    if (start < length) json_string_n(j, text + start, length - start);
    json_array_end(j);
    free(text);
}

static void write_visible_pids(struct json *j) {
    /* An empty /proc directory (procfs not mounted) is "unknown", not "no processes". */
    DIR *dir = access("/proc/self", F_OK) == 0 ? opendir("/proc") : NULL;
    if (dir == NULL) {
        json_kv_null(j, "visible_pids");
        json_kv_null(j, "process_count");
        return;
    }
    size_t count = 0, capacity = 256;
    long *pids = malloc(capacity * sizeof(long));
    struct dirent *entry;
    while (pids != NULL && (entry = readdir(dir)) != NULL) {
        if (!is_number(entry->d_name)) continue;
        if (count == capacity) {
            long *bigger = realloc(pids, capacity * 2 * sizeof(long));
            if (bigger == NULL) break;
            pids = bigger;
            capacity *= 2;
        }
        pids[count++] = strtol(entry->d_name, NULL, 10);
    }
    closedir(dir);
    if (pids == NULL) {
        json_kv_null(j, "visible_pids");
        json_kv_null(j, "process_count");
        return;
    }
    qsort(pids, count, sizeof(long), compare_longs);
    json_key(j, "visible_pids");
    json_array_begin(j);
    for (size_t i = 0; i < count; i++) json_int(j, pids[i]);
    json_array_end(j);
    json_kv_uint(j, "process_count", count);
    free(pids);
}

void section_processes(struct json *j) {
    json_kv_int(j, "pid", getpid());
    json_kv_int(j, "ppid", getppid());
    write_pid1_cmdline(j);
    char *comm = probe_read_line("/proc/1/comm");
    json_kv_string(j, "pid1_comm", comm);
    free(comm);
    write_visible_pids(j);
}
