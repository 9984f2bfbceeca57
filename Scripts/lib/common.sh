# Shared helpers for the ContainerBench host scripts. Source it; do not run it.
# shellcheck shell=bash

CBENCH_VAR=/var/lib/cbench
CBENCH_BUSYBOX_ROOTFS=${CBENCH_BUSYBOX_ROOTFS:-$CBENCH_VAR/rootfs/busybox}
CBENCH_CRIU_TREE=$CBENCH_VAR/criu-forky
# Trees of earlier set-ups, removed once the current one works.
CBENCH_CRIU_OLD_TREES="$CBENCH_VAR/criu-trixie"
CBENCH_CRIU_WRAPPER=/usr/local/sbin/criu

# One line per step, prefixed with the script's name: `setup: criu 4.1.1 ok (cached)`.
say() { printf '%s: %s\n' "${CBENCH_SCRIPT:-cbench}" "$*"; }
die() { printf '%s: error: %s\n' "${CBENCH_SCRIPT:-cbench}" "$*" >&2; exit 1; }
# Under `set -e` a failing command ends the script without a word; name it instead, so a fresh
# machine's set-up never stops silently.
set -o errtrace
trap 'printf "%s: error: %s line %s: \"%s\" exited with %s\n" "${CBENCH_SCRIPT:-cbench}" "${BASH_SOURCE[0]##*/}" "$LINENO" "$BASH_COMMAND" "$?" >&2' ERR

need_root() {
    [ "$(id -u)" -eq 0 ] || die "$1 needs root (run it with sudo, or as root)"
}

# Milliseconds since the epoch, for step and total timings.
now_ms() { date +%s%3N; }

# The Debian mirror apt already uses (deb822 `URIs:` or one-line `deb URL suite`),
# skipping the security archive. None configured is an error: no mirror is guessed.
debian_mirror() {
    local files=() f url=""
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] && files+=("$f")
    done
    if [ ${#files[@]} -gt 0 ]; then
        url=$(awk '
            /^[[:space:]]*#/ { next }
            /^URIs:/ { for (i = 2; i <= NF; i++) print $i; next }
            /^deb[[:space:]]/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }
        ' "${files[@]}" | grep -E '/debian/?$' | grep -v -- '-security' | head -n1 || true)
    fi
    [ -n "$url" ] || die "no Debian mirror in /etc/apt/sources.list or /etc/apt/sources.list.d (add the one apt should use)"
    printf '%s\n' "$url"
}

# Removes a half-built tree: first whatever is still mounted inside it (debootstrap mounts /proc
# and /sys in its target), deepest first, then the files.
remove_partial_tree() {
    local tree=$1 mp
    [ -d "$tree" ] || return 0
    awk -v p="$tree" '$2 == p || index($2, p "/") == 1 { print $2 }' /proc/self/mounts \
        | sort -r | while read -r mp; do umount -l "$mp" || true; done
    rm -rf --one-file-system "$tree"
}

# True when the wrapper runs criu 4.2 or later: 4.1 cannot dump any inet socket on Linux
# 6.16+ (getsockopt SO_PASSCRED on it fails with EOPNOTSUPP; fixed in 4.2).
criu_wrapper_works() {
    [ -x "$CBENCH_CRIU_WRAPPER" ] || return 1
    "$CBENCH_CRIU_WRAPPER" --version 2>/dev/null | grep -Eq '^Version: *(4\.([2-9]|[1-9][0-9])|[5-9]\.)'
}

criu_version() {
    "$CBENCH_CRIU_WRAPPER" --version 2>/dev/null | awk '/^Version:/ { print $2; exit }'
}
