import Testing
@testable import SystemContainers

/// Post-copy of a user-namespaced container needs unprivileged userfaultfd: the reason is
/// given only where the sysctl says 0, and a kernel without the file is not blamed.
@Suite struct SystemLazyPagesTests {
    @Test func theSysctlDecides() {
        #expect(SystemRuntime.lazyPagesBlocker { _ in "0\n" }?.contains("vm.unprivileged_userfaultfd = 0") == true)
        #expect(SystemRuntime.lazyPagesBlocker { _ in "1\n" } == nil)
        #expect(SystemRuntime.lazyPagesBlocker { _ in nil } == nil)
        #expect(SystemRuntime.lazyPagesBlocker { path in path == SystemRuntime.unprivilegedUserfaultfd ? "0" : "1" } != nil)
    }
}
