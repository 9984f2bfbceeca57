import CShim

extension ProcessLiveness {
    /// Makes this process the subreaper of its descendants: a container whose creator exited
    /// (`cbench-oci create`) comes back to us instead of to the host's init, which on some
    /// machines never reaps. The harness and the tests reap them.
    public static func becomeSubreaper() throws(CoreError) {
        guard cshim_set_child_subreaper(1) == 0 else { throw CoreError.fromErrno("prctl PR_SET_CHILD_SUBREAPER") }
    }
}
