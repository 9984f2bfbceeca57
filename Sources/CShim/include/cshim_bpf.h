#ifndef CSHIM_BPF_H
#define CSHIM_BPF_H
/* bpf(2) for the cgroup v2 device program: Glibc has no wrapper and union bpf_attr does not
 * import cleanly into Swift. Both return -1 with errno set on failure. */
#include <stddef.h>
#include <stdint.h>

/* Loads a BPF_PROG_TYPE_CGROUP_DEVICE program of `count` 8-byte instructions; returns its fd.
 * The verifier's log goes to `log` (NUL-terminated) when it is not NULL. */
int cshim_bpf_load_device_program(const void *instructions, uint32_t count, char *log, uint32_t log_size);

/* Attaches `program_fd` to the cgroup2 directory `cgroup_fd` as BPF_CGROUP_DEVICE with
 * BPF_F_ALLOW_MULTI, so programs of enclosing cgroups keep applying too. */
int cshim_bpf_attach_device_program(int program_fd, int cgroup_fd);

#endif
