import NamespaceCore

/// Asks criu what this host's kernel offers for migration (`criu check --feature ...`):
/// soft-dirty tracking for pre-copy, userfaultfd for post-copy. The command seam lets tests
/// answer with the texts of a kernel with and without them.
public struct MigrationHostCheck: Sendable {
    public var criu: String
    public var runner: any HostCommandRunning

    public init(criu: String = CRIUService.locate(), runner: any HostCommandRunning = HostCommandRunner()) {
        self.criu = criu
        self.runner = runner
    }

    public func features() -> MigrationHostFeatures {
        let tracking = check("mem_dirty_track")
        let lazy = check("uffd-noncoop")
        return MigrationHostFeatures(memoryTracking: tracking.supported, memoryTrackingReason: tracking.reason,
                                     lazyPages: lazy.supported, lazyPagesReason: lazy.reason)
    }

    /// criu exits 0 and says "... is supported" for a feature it has; anything else is
    /// unsupported, with the first line criu gave as the reason.
    func check(_ feature: String) -> (supported: Bool, reason: String?) {
        guard let result = runner.run([criu, "check", "--feature", feature]) else {
            return (false, "\(criu) cannot be run (Scripts/setup provisions criu 4)")
        }
        let lines = result.output.split(separator: "\n").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        if result.status == 0, lines.contains(where: { $0.contains("is supported") }) { return (true, nil) }
        var explanation = lines.first(where: { !CRIULog.explainsNothing($0) }) ?? "exit \(result.status)"
        // "Warn  (criu/cr-check.c:824): Dirty tracking is OFF. ...": the words after the source place.
        if explanation.hasPrefix("Warn") || explanation.hasPrefix("Error"), let close = explanation.firstIndex(of: ")") {
            explanation = explanation[explanation.index(after: close)...].drop(while: { $0 == ":" || $0 == " " }).trimmingWhitespace()
        }
        return (false, "`criu check --feature \(feature)`: \(explanation)")
    }
}
