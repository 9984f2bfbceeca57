#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import Testing

@Suite struct CoreErrorKindTests {
    @Test(arguments: [
        (ENOENT, CoreError.Kind.notFound), (ECHILD, .notFound), (EEXIST, .alreadyExists), (EBUSY, .busy),
        (EINVAL, .invalidInput), (EPERM, .permission), (EACCES, .permission), (ENOSYS, .unsupported),
        (EINTR, .interrupted), (ENOSPC, .io),
    ])
    func kindFollowsTheErrno(code: Int32, kind: CoreError.Kind) {
        #expect(CoreError(stage: "open x", errno: code).kind == kind)
    }

    @Test func anAssignedKindWinsAndTheTextStaysTheSame() {
        let plain = CoreError(stage: "blob sha256:ab", detail: "content has digest sha256:cd: corrupt")
        let corrupt = CoreError(kind: .corrupt, stage: "blob sha256:ab", detail: "content has digest sha256:cd: corrupt")
        #expect(plain.kind == .other)
        #expect(corrupt.kind == .corrupt)
        #expect(corrupt.description == plain.description)
        #expect(corrupt != plain)
    }

    @Test func theCauseIsKeptButNotCompared() {
        let inner = CoreError(stage: "read layer tar", errno: EIO)
        let outer = CoreError(kind: inner.kind, stage: "layer blob x", errno: EIO, detail: "read layer tar", cause: inner)
        #expect((outer.cause as? CoreError) == inner)
        #expect(outer == CoreError(stage: "layer blob x", errno: EIO, detail: "read layer tar"))
        #expect(outer.description == "layer blob x: EIO (Input/output error); read layer tar")
    }
}
