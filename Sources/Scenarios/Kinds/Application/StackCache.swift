import Foundation
import Glibc
import NamespaceCore
import OCIImages
import Targets

/// What a stack is built into, under /var/lib/cbench/stacks/NAME, each part made only when
/// missing or out of date, so a second run builds nothing:
/// - `debs/`: a local apt repository of the stack's packages and everything they need beyond
///   the base root (the release's minbase root with its init that `make setup` bootstraps for
///   the debian template), fetched on the host by apt (signatures and hashes checked there);
/// - `store/`: a `cbench app` store with the base imported and every image built from the
///   stack's Containerfiles by `cbench app build`, the repository mounted read-only;
/// - `layout/`: the app layout's images saved as one OCI image layout (what podman, Docker
///   and a run's own cbench store load);
/// - `system-root/`: the system image flattened, the root the system layout copies.
/// Each directory is made beside its place (`NAME.partial.PID`) and renamed when complete: a
/// failed step names itself and leaves nothing half-built behind.
public struct StackCache: Sendable {
    public let stack: StackDefinition
    public let root: String

    public static let parent = "\(ProjectDirectories.persistent)/stacks"

    public init(stack: StackDefinition, root: String? = nil) {
        self.stack = stack
        self.root = root ?? "\(Self.parent)/\(stack.name)"
    }

    public var debs: String { "\(root)/debs" }
    public var store: String { "\(root)/store" }
    public var layout: String { "\(root)/layout" }
    public var systemRoot: String { "\(root)/system-root" }
    /// The output of a step's program, kept until the step runs again.
    public func logPath(_ step: String) -> String { "\(root)/logs/\(step).log" }

    /// What each part was made from, written once it is complete (`stamps/PART`).
    public func stampPath(_ part: String) -> String { "\(root)/stamps/\(part)" }

    /// The stack as the targets take it, once `prepare` has run.
    public var applicationStack: ApplicationStack {
        ApplicationStack(name: stack.name, port: stack.port, systemRoot: systemRoot, imageLayout: layout, containers: stack.containers)
    }

    /// Brings every part up to date, saying what it does on `say`. `runRoot` holds the build
    /// containers' run state. Returns what was (re)built, empty when the cache was complete.
    @discardableResult
    public func prepare(runRoot: String, say: @escaping @Sendable (String) -> Void, stop: StopSignal? = nil) throws -> [String] {
        try FileIO.makeDirectories(root + "/logs", mode: 0o755)
        let lock = try StackCacheLock(path: "\(root)/.lock", stage: "stack \(stack.name)")
        defer { lock.release() }
        removeAbandonedPartials()
        var built: [String] = []
        let steps = StackBuildSteps(cache: self, runRoot: runRoot, say: say, stop: stop)
        let base = try steps.locateBase()
        if try steps.fetchPackages(base: base) { built.append("packages") }
        if try steps.importBase(base) { built.append("base image") }
        for image in stack.images where try steps.build(image) { built.append("image \(image.name)") }
        if try steps.saveLayout() { built.append("layout") }
        if try steps.flattenSystemRoot() { built.append("system root") }
        return built
    }

    /// The stamp of a complete directory, nil when it is missing or was never finished.
    func stamp(of directory: String) -> String? {
        guard access(directory, F_OK) == 0 else { return nil }
        return (try? FileIO.read(stampPath(part(directory)))).map { String(decoding: $0, as: UTF8.self) }
    }

    func writeStamp(_ text: String, at path: String) throws {
        try FileIO.makeDirectories("\(root)/stamps", mode: 0o755)
        try FileIO.write(path, Array(text.utf8))
    }

    func part(_ directory: String) -> String { String(directory.split(separator: "/").last ?? "") }

    /// Makes `directory` through `fill` in a partial directory beside it and puts it in place
    /// of the old one, then stamps it; on any failure the partial directory goes again.
    func replace(_ directory: String, stamp: String, stage: String, fill: (String) throws -> Void) throws {
        let partial = "\(directory).partial.\(getpid())"
        let old = "\(directory).old.\(getpid())"
        StackCache.removePartial(partial)
        do {
            unlink(stampPath(part(directory)))
            try FileIO.makeDirectories(partial, mode: 0o755)
            try fill(partial)
            if access(directory, F_OK) == 0 {
                guard rename(directory, old) == 0 else { throw CoreError.fromErrno("rename \(directory)") }
            }
            guard rename(partial, directory) == 0 else { throw CoreError.fromErrno("rename \(partial)") }
            try writeStamp(stamp, at: stampPath(part(directory)))
            StackCache.removePartial(old)
        } catch {
            StackCache.removePartial(partial)
            throw StackCache.failure(stage, error)
        }
    }

    /// Partial and old directories of builds whose process is gone.
    func removeAbandonedPartials() {
        for name in (try? FileIO.names(in: root)) ?? [] {
            guard let marker = name.range(of: ".partial.") ?? name.range(of: ".old."),
                  let pid = Int32(name[marker.upperBound...]), kill(pid, 0) != 0, errno == ESRCH else { continue }
            StackCache.removePartial("\(root)/\(name)")
        }
    }

    /// debootstrap mounts /proc and /sys in its target: a failure can leave them there.
    static func removePartial(_ path: String) {
        HostMountTable.detachMounts(under: path)
        try? FileIO.removeTree(path)
    }

    /// An error naming the stack's step. One a step already named (a nested step's, more
    /// precise) passes through as it is: that is known from its cause, never from its text.
    static func failure(_ stage: String, _ error: any Error) -> CoreError {
        if let error = error as? CoreError, error.cause is NamedForStackStep { return error }
        return stepError(stage, detail: "\(error)")
    }

    /// An error a stack step throws, marked as named for that step.
    static func stepError(_ stage: String, errno: Int32? = nil, detail: String? = nil) -> CoreError {
        CoreError(stage: stage, errno: errno, detail: detail, cause: NamedForStackStep())
    }
}

/// The cause `StackCache.stepError` gives: the error already names its stack step.
struct NamedForStackStep: Error {}
