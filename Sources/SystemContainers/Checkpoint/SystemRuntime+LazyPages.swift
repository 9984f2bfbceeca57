import NamespaceCore

extension SystemRuntime {
    static let unprivilegedUserfaultfd = "/proc/sys/vm/unprivileged_userfaultfd"

    /// Why a user-namespaced container cannot be restored lazily here, or nil: CRIU opens the
    /// userfaultfd inside the restored tree, whose root is not privileged on the host, and the
    /// kernel then wants `vm.unprivileged_userfaultfd = 1` (open fails with EPERM otherwise).
    public static func lazyPagesBlocker(read: (String) -> String? = { path in
        (try? FileIO.read(path, limit: 16)).map { String(decoding: $0, as: UTF8.self) }
    }) -> String? {
        guard read(unprivilegedUserfaultfd)?.split(whereSeparator: \.isWhitespace).first == "0" else { return nil }
        return "post-copy of a user-namespaced container: CRIU opens userfaultfd inside it, which this kernel refuses (vm.unprivileged_userfaultfd = 0)"
    }

    /// Whether `name` can be restored lazily here (see `lazyPagesBlocker`).
    public func canRestoreLazily(_ name: String) -> Bool {
        guard let config = try? store.loadConfig(of: name) else { return false }
        return config.rootOwner == .hostRoot || Self.lazyPagesBlocker() == nil
    }
}
