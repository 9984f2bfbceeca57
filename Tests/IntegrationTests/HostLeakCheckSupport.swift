import NamespaceCore
import Testing

/// The whole host's leftovers as `cbench cleanup --check` lists them (`Leftovers.find`), for the
/// check every integration test ends with: anything a test left anywhere on the host, not only
/// what carries its own ids. Two uses:
/// - every integration suite carries the `.hostLeakCheck` trait: after each test (its
///   tear-down included) nothing may be on the host that was not there before it;
/// - a harness that force-removes its store calls `HostLeaks.expectNone(since:ownPaths:)` after
///   the product's own removal (rm -f, destroy --force, delete --force) and before the forced
///   clean, so the forced clean cannot hide a leak.
enum HostLeaks {
    /// One line per leftover (`Leftover.summary`), without the hierarchies' `cbench` parent
    /// cgroups: those are shared by design and removed by the last one out.
    static func current() -> Set<String> {
        Set(Leftovers.find().filter { !isSharedParent($0) }.map(\.summary))
    }

    /// What is on the host now and was not in `before`. `ownPaths`: a harness's store and run
    /// root, which its forced clean removes next; only those directories themselves (and the
    /// state directory above a run root) are spared, never a mount, cgroup or process in them.
    static func new(since before: Set<String>, ownPaths: [String] = []) -> [String] {
        Leftovers.find().filter { !isSharedParent($0) && !isOwn($0, ownPaths) }
            .map(\.summary).filter { !before.contains($0) }.sorted()
    }

    /// Records an issue naming each new leftover.
    static func expectNone(since before: Set<String>, ownPaths: [String] = [], _ when: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let leaked = new(since: before, ownPaths: ownPaths)
        #expect(leaked.isEmpty, "left on the host \(when): \(leaked.joined(separator: "; "))", sourceLocation: sourceLocation)
    }

    static func isSharedParent(_ leftover: Leftover) -> Bool {
        leftover.kind == .cgroup && leftover.target.hasSuffix("/" + CgroupPaths.projectParent)
    }

    static func isOwn(_ leftover: Leftover, _ ownPaths: [String]) -> Bool {
        switch leftover.kind {
        case .temporaryPath: ownPaths.contains(leftover.target)
        case .stateDirectory: ownPaths.contains { $0.hasPrefix(leftover.target + "/") }
        default: false
        }
    }
}

/// `.hostLeakCheck` on a suite: each of its tests (each case of a parameterised one) must leave
/// the host as it found it, as `HostLeaks` sees it.
struct HostLeakCheckTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let before = HostLeaks.current()
        defer { HostLeaks.expectNone(since: before, "after \(test.name)", sourceLocation: test.sourceLocation) }
        try await function()
    }
}

extension Trait where Self == HostLeakCheckTrait {
    static var hostLeakCheck: Self { Self() }
}
