/* Re-executing the runtime from a sealed handle of its own executable (cshim_exe_seal.h). */
#include "cshim_exe_seal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef F_SEAL_EXEC
#define F_SEAL_EXEC 0x0020
#endif
#define WRITE_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)
/* overlayfs needs two lower layers when it has no upper one; the second must not overlap the
 * first. /sys/fs exists wherever cgroups do and never holds a file named like the binary (which
 * sits in the top layer anyway). */
#define DUMMY_LOWER_LAYER "/sys/fs"

int cshim_exe_is_sealed(void) {
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    struct statfs fs;
    int sealed = fstatfs(fd, &fs) == 0 && fs.f_type == OVERLAYFS_SUPER_MAGIC && (fs.f_flags & ST_RDONLY);
    if (!sealed) {
        int seals = fcntl(fd, F_GET_SEALS);
        sealed = seals >= 0 && (seals & WRITE_SEALS) == WRITE_SEALS;
    }
    close(fd);
    return sealed;
}

/* `src` with ':' and '\' escaped, as overlayfs's lowerdir wants; NULL when it does not fit. */
static char *escape_layer(const char *src, char *dst, size_t cap) {
    size_t at = 0;
    for (; *src; src++) {
        if (at + 3 > cap) return NULL;
        if (*src == ':' || *src == '\\') dst[at++] = '\\';
        dst[at++] = *src;
    }
    dst[at] = '\0';
    return dst;
}

/* An O_PATH handle of `directory/name` through a private read-only overlayfs, or -errno. */
static int overlay_handle(const char *directory, const char *name) {
    char lower[2 * 4096 + sizeof(DUMMY_LOWER_LAYER) + 2];
    if (escape_layer(directory, lower, sizeof(lower) - sizeof(DUMMY_LOWER_LAYER) - 1) == NULL) return -ENAMETOOLONG;
    strcat(lower, ":" DUMMY_LOWER_LAYER);
    int context = (int)syscall(SYS_fsopen, "overlay", FSOPEN_CLOEXEC);
    if (context < 0) return -errno;
    int result = -EINVAL;
    if (syscall(SYS_fsconfig, context, FSCONFIG_SET_STRING, "lowerdir", lower, 0) != 0) {
        result = -errno;
        goto out;
    }
    /* xino is of no use here and logs to dmesg when the layers sit on different devices. */
    syscall(SYS_fsconfig, context, FSCONFIG_SET_STRING, "xino", "off", 0);
    if (syscall(SYS_fsconfig, context, FSCONFIG_CMD_CREATE, NULL, NULL, 0) != 0) {
        result = -errno;
        goto out;
    }
    int mount = (int)syscall(SYS_fsmount, context, FSMOUNT_CLOEXEC,
                             MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOSUID);
    if (mount < 0) {
        result = -errno;
        goto out;
    }
    result = openat(mount, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (result < 0) result = -errno;
    close(mount);
out:
    close(context);
    return result;
}

/* A sealed memfd copy of the executable, or -errno. */
static int memfd_copy(void) {
    int source = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (source < 0) return -errno;
    int copy = (int)syscall(SYS_memfd_create, "cbench-sealed-exe", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    int err = 0;
    struct stat st;
    if (copy < 0 || fstat(source, &st) != 0) {
        err = errno;
        goto fail;
    }
    for (off_t done = 0; done < st.st_size;) {
        ssize_t n = sendfile(copy, source, NULL, (size_t)(st.st_size - done));
        if (n <= 0) {
            err = n < 0 ? errno : EIO;
            goto fail;
        }
        done += n;
    }
    fcntl(copy, F_ADD_SEALS, F_SEAL_EXEC); /* Linux 6.3+; not needed for safety */
    if (fcntl(copy, F_ADD_SEALS, WRITE_SEALS) != 0) {
        err = errno;
        goto fail;
    }
    close(source);
    return copy;
fail:
    close(source);
    if (copy >= 0) close(copy);
    return -err;
}

/* envp without an old marker, plus CBENCH_SEALED_EXE=path; malloc'd. */
static char **marked_environment(char *const envp[], const char *path) {
    static const char prefix[] = CSHIM_SEALED_EXE_ENV "=";
    size_t count = 0;
    while (envp[count]) count++;
    char **list = malloc((count + 2) * sizeof(char *));
    char *marker = malloc(sizeof(prefix) + strlen(path));
    if (list == NULL || marker == NULL) {
        free(list);
        free(marker);
        return NULL;
    }
    strcpy(marker, prefix);
    strcat(marker, path);
    size_t at = 0;
    for (size_t i = 0; i < count; i++)
        if (strncmp(envp[i], prefix, sizeof(prefix) - 1) != 0) list[at++] = envp[i];
    list[at++] = marker;
    list[at] = NULL;
    return list;
}

int cshim_exec_sealed(char *const argv[], char *const envp[]) {
    char path[4096];
    ssize_t length = readlink("/proc/self/exe", path, sizeof(path) - 1);
    if (length <= 0) return length < 0 ? -errno : -ENOENT;
    path[length] = '\0';
    char *slash = strrchr(path, '/');
    int handle = -ENOENT;
    if (slash != NULL && slash[1] != '\0') {
        *slash = '\0';
        handle = overlay_handle(slash == path ? "/" : path, slash + 1);
        *slash = '/';
    }
    if (handle < 0) handle = memfd_copy();
    if (handle < 0) return handle;
    char **environment = marked_environment(envp, path);
    if (environment == NULL) {
        close(handle);
        return -ENOMEM;
    }
    syscall(SYS_execveat, handle, "", argv, environment, AT_EMPTY_PATH);
    int err = errno;
    for (char **entry = environment; *entry; entry++)
        if (strncmp(*entry, CSHIM_SEALED_EXE_ENV "=", sizeof(CSHIM_SEALED_EXE_ENV)) == 0) free(*entry);
    free(environment);
    close(handle);
    return -err;
}

void cshim_ensure_sealed(char *const argv[], char *const envp[]) {
    if (geteuid() != 0) return; /* only root creates containers in the host's user namespace */
    if (cshim_exe_is_sealed() != 0) return;
    /* The marker names the original path. A program started from that path (a helper that a
     * sealed cbench spawned inherits the marker) seals itself; one that was re-executed and
     * still does not look sealed runs from elsewhere and must not loop. */
    const char *marker = getenv(CSHIM_SEALED_EXE_ENV);
    if (marker != NULL) {
        char path[4096];
        ssize_t length = readlink("/proc/self/exe", path, sizeof(path) - 1);
        if (length <= 0) return;
        path[length] = '\0';
        if (strcmp(path, marker) != 0) return;
    }
    cshim_exec_sealed(argv, envp);
}

int cshim_is_test_bundle(void) {
    static const char suffix[] = ".xctest";
    char path[4096];
    ssize_t length = readlink("/proc/self/exe", path, sizeof(path) - 1);
    size_t tail = sizeof(suffix) - 1;
    return length > (ssize_t)tail && memcmp(path + length - tail, suffix, tail) == 0;
}
