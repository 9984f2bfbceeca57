#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "probe.h"

/* What /proc/self/status says, or what the syscalls say when /proc is absent. */
struct cap_state {
    char eff[17], prm[17], inh[17], bnd[17], amb[17];
    long seccomp;       /* -1: unknown */
    long seccomp_filters;
    long no_new_privs;
};

static void copy_hex(char *dst, const char *value) {
    snprintf(dst, 17, "%.16s", value);
    probe_trim_end(dst);
}

static int read_status(struct cap_state *s) {
    char *text = probe_read_file("/proc/self/status", 256 * 1024, NULL);
    if (text == NULL) return 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char *colon = strchr(line, ':');
        if (colon == NULL) continue;
        *colon = '\0';
        char *value = colon + 1;
        while (*value == ' ' || *value == '\t') value++;
        if (strcmp(line, "CapEff") == 0) copy_hex(s->eff, value);
        else if (strcmp(line, "CapPrm") == 0) copy_hex(s->prm, value);
        else if (strcmp(line, "CapInh") == 0) copy_hex(s->inh, value);
        else if (strcmp(line, "CapBnd") == 0) copy_hex(s->bnd, value);
        else if (strcmp(line, "CapAmb") == 0) copy_hex(s->amb, value);
        else if (strcmp(line, "Seccomp") == 0) s->seccomp = strtol(value, NULL, 10);
        else if (strcmp(line, "Seccomp_filters") == 0) s->seccomp_filters = strtol(value, NULL, 10);
        else if (strcmp(line, "NoNewPrivs") == 0) s->no_new_privs = strtol(value, NULL, 10);
    }
    free(text);
    return 1;
}

/* Without /proc: capget for three sets, prctl probes for the other two. */
static void read_syscalls(struct cap_state *s) {
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof(data));
    if (syscall(SYS_capget, &header, data) == 0) {
        unsigned long long eff = ((unsigned long long)data[1].effective << 32) | data[0].effective;
        unsigned long long prm = ((unsigned long long)data[1].permitted << 32) | data[0].permitted;
        unsigned long long inh = ((unsigned long long)data[1].inheritable << 32) | data[0].inheritable;
        if (s->eff[0] == '\0') snprintf(s->eff, sizeof(s->eff), "%016llx", eff);
        if (s->prm[0] == '\0') snprintf(s->prm, sizeof(s->prm), "%016llx", prm);
        if (s->inh[0] == '\0') snprintf(s->inh, sizeof(s->inh), "%016llx", inh);
    }
    unsigned long long bnd = 0, amb = 0;
    int bnd_known = 0, amb_known = 0;
    for (int cap = 0; cap < 64; cap++) {
        int in_bounding = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
        if (in_bounding < 0) break; /* EINVAL past the kernel's last capability */
        bnd_known = 1;
        if (in_bounding) bnd |= 1ULL << cap;
        int in_ambient = prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0);
        if (in_ambient >= 0) amb_known = 1;
        if (in_ambient > 0) amb |= 1ULL << cap;
    }
    if (s->bnd[0] == '\0' && bnd_known) snprintf(s->bnd, sizeof(s->bnd), "%016llx", bnd);
    if (s->amb[0] == '\0' && amb_known) snprintf(s->amb, sizeof(s->amb), "%016llx", amb);
    /* PR_GET_SECCOMP is safe here: in strict mode (1) we could not have got this far. */
    if (s->seccomp < 0) {
        int mode = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
        if (mode >= 0) s->seccomp = mode;
    }
    if (s->no_new_privs < 0) {
        int nnp = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
        if (nnp >= 0) s->no_new_privs = nnp;
    }
}

static void write_hex(struct json *j, const char *key, const char *hex) {
    json_kv_string(j, key, hex[0] ? hex : NULL);
}

void section_capabilities(struct json *j) {
    struct cap_state s;
    memset(&s, 0, sizeof(s));
    s.seccomp = s.seccomp_filters = s.no_new_privs = -1;
    int from_status = read_status(&s);
    if (!from_status || !s.bnd[0] || !s.amb[0] || s.seccomp < 0 || s.no_new_privs < 0) read_syscalls(&s);
    write_hex(j, "cap_eff", s.eff);
    write_hex(j, "cap_prm", s.prm);
    write_hex(j, "cap_bnd", s.bnd);
    write_hex(j, "cap_inh", s.inh);
    write_hex(j, "cap_amb", s.amb);
    if (s.seccomp >= 0) json_kv_int(j, "seccomp", s.seccomp);
    else json_kv_null(j, "seccomp");
    if (s.seccomp_filters >= 0) json_kv_int(j, "seccomp_filters", s.seccomp_filters);
    else json_kv_null(j, "seccomp_filters");
    if (s.no_new_privs >= 0) json_kv_bool(j, "no_new_privs", s.no_new_privs != 0);
    else json_kv_null(j, "no_new_privs");
    json_kv_string(j, "caps_source", from_status ? "status" : "syscalls");
}
