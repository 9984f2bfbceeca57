/*
 * Path resolution confined to the container root: openat2(RESOLVE_IN_ROOT) so a symlink
 * cannot lead out, RESOLVE_NO_MAGICLINKS so /proc/self/fd/N cannot either. Missing components
 * are created one at a time beneath an already-resolved parent.
 */
#include "child.h"
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <unistd.h>

#define RESOLVE_SAFE (RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)

static int open_in_root(struct cshim_child *c, const char *path) {
    return cshim_openat2(c->root_fd, path, O_PATH | O_CLOEXEC, 0, RESOLVE_SAFE);
}

/* Fails the launch, or with CSHIM_RESOLVE_SOFT closes `fd` and returns -1 with errno kept. */
static int resolve_failed(struct cshim_child *c, int soft, int fd, int stage, int err, const char *path) {
    if (!soft) cshim_fail(c, stage, err, path, err == ELOOP ? "goes through a magic link" : NULL);
    if (fd >= 0) close(fd);
    errno = err;
    return -1;
}

/* Creates the last component `name` beneath `parent` (a directory, or with create == 2 an
 * empty file); an entry already there is left as it is. Returns 0, or -1 with errno. */
static int create_entry(int parent, const char *name, int create) {
    int rc;
    if (create == 2) {
        rc = openat(parent, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (rc >= 0) close(rc);
    } else {
        rc = mkdirat(parent, name, 0755);
    }
    return rc < 0 && errno != EEXIST ? -1 : 0;
}

/* The usual case of a missing path: only its last component is missing. When the parent
 * resolves, the last component is created beneath it and the whole path resolved again from
 * the root, which is exactly the last step of the walk below, without re-resolving every
 * prefix from the root. Returns the fd; -1 with errno and `*failed_stage` (the stage the
 * walk would report) when that fails; -2 when the shortcut does not apply (the walk decides). */
static int create_last(struct cshim_child *c, char *buf, size_t len, int create, int stage, int *failed_stage) {
    while (len > 1 && buf[len - 1] == '/') len--;
    size_t slash = len;
    while (slash > 0 && buf[slash - 1] != '/') slash--;
    const char *name = buf + slash;
    size_t name_len = len - slash;
    if (slash == 0 || name_len == 0 || (name_len == 1 && name[0] == '.') ||
        (name_len == 2 && name[0] == '.' && name[1] == '.'))
        return -2;
    buf[len] = '\0';
    char saved = buf[slash];
    buf[slash] = '\0';
    int parent = open_in_root(c, buf);
    buf[slash] = saved;
    if (parent < 0) return -2;
    int rc = create_entry(parent, name, create);
    int err = errno;
    close(parent);
    if (rc != 0) {
        *failed_stage = CSHIM_STAGE_MKDIR;
        errno = err;
        return -1;
    }
    *failed_stage = stage;
    return open_in_root(c, buf);
}

int cshim_resolve_in_root(struct cshim_child *c, const char *path, int create, int stage) {
    int soft = (create & CSHIM_RESOLVE_SOFT) != 0;
    create &= ~CSHIM_RESOLVE_SOFT;
    int fd = open_in_root(c, path);
    if (fd >= 0 || errno != ENOENT || create == 0) {
        if (fd < 0 && create == 0) return -1;
        if (fd < 0) return resolve_failed(c, soft, -1, stage, errno, path);
        return fd;
    }
    char buf[PATH_MAX];
    size_t len = cshim_copy(buf, sizeof buf, path);
    if (len + 1 >= sizeof buf) return resolve_failed(c, soft, -1, stage, ENAMETOOLONG, path);
    int failed_stage = stage;
    fd = create_last(c, buf, len, create, stage, &failed_stage);
    if (fd >= 0) return fd;
    if (fd == -1) return resolve_failed(c, soft, -1, failed_stage, errno, path);
    cshim_copy(buf, sizeof buf, path);
    int parent = fcntl(c->root_fd, F_DUPFD_CLOEXEC, 0);
    if (parent < 0) return resolve_failed(c, soft, -1, stage, errno, path);
    size_t i = 0;
    while (i < len) {
        while (i < len && buf[i] == '/') i++;
        if (i >= len) break;
        size_t start = i;
        while (i < len && buf[i] != '/') i++;
        int last = 1;
        for (size_t j = i; j < len; j++)
            if (buf[j] != '/') { last = 0; break; }
        char saved = buf[i];
        buf[i] = '\0';
        int next = open_in_root(c, buf);
        if (next < 0 && errno == ENOENT) {
            if (create_entry(parent, buf + start, last ? create : 1) != 0)
                return resolve_failed(c, soft, parent, CSHIM_STAGE_MKDIR, errno, path);
            next = open_in_root(c, buf);
        }
        if (next < 0) return resolve_failed(c, soft, parent, stage, errno, path);
        buf[i] = saved;
        close(parent);
        parent = next;
    }
    return parent;
}

int cshim_container_path(struct cshim_child *c, int fd, char *buf, size_t cap) {
    char link[32], host[PATH_MAX];
    cshim_fd_path(link, fd);
    ssize_t n = readlink(link, host, sizeof host - 1);
    if (n < 0) return -1;
    host[n] = '\0';
    const char *root = c->root_path;
    size_t rlen = cshim_strlen(root);
    if (cshim_streq(root, "/")) {
        cshim_copy(buf, cap, host);
        return 0;
    }
    for (size_t i = 0; i < rlen; i++)
        if (host[i] != root[i]) return -1;
    if (host[rlen] == '\0') {
        cshim_copy(buf, cap, "/");
        return 0;
    }
    if (host[rlen] != '/') return -1;
    cshim_copy(buf, cap, host + rlen);
    return 0;
}
