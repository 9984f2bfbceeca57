#include <archive.h>
#include <archive_entry.h>
/* fsetxattr/lgetxattr for overlay whiteout markers in unpacked layers. */
#include <sys/xattr.h>
