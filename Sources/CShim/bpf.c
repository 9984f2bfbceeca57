/* bpf(2) calls for the cgroup v2 device program (see cshim_bpf.h). */
#include "cshim_bpf.h"

#include <linux/bpf.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int bpf_call(int command, union bpf_attr *attr) {
    return (int)syscall(SYS_bpf, command, attr, sizeof(*attr));
}

int cshim_bpf_load_device_program(const void *instructions, uint32_t count, char *log, uint32_t log_size) {
    static const char license[] = "GPL";
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
    attr.insn_cnt = count;
    attr.insns = (uint64_t)(uintptr_t)instructions;
    attr.license = (uint64_t)(uintptr_t)license;
    if (log != NULL && log_size > 0) {
        log[0] = '\0';
        attr.log_level = 1;
        attr.log_size = log_size;
        attr.log_buf = (uint64_t)(uintptr_t)log;
    }
    return bpf_call(BPF_PROG_LOAD, &attr);
}

int cshim_bpf_attach_device_program(int program_fd, int cgroup_fd) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.target_fd = (uint32_t)cgroup_fd;
    attr.attach_bpf_fd = (uint32_t)program_fd;
    attr.attach_type = BPF_CGROUP_DEVICE;
    attr.attach_flags = BPF_F_ALLOW_MULTI;
    return bpf_call(BPF_PROG_ATTACH, &attr);
}
