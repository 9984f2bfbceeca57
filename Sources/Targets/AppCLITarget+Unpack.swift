import NamespaceCore

extension AppCLITarget: ImageUnpackingTarget {
    public var unpackCoverage: String {
        "the `cbench app load` process: start-up, copy and sha256 check of every blob into a fresh store, decompression, diff-ID check and the layer directories"
    }

    /// `cbench app load LAYOUT` into a fresh store under `destination`.
    public func unpack(layout: String, reference: String, into destination: String) throws -> ContainerRun {
        let command = Spawn([try CBenchExecutable.locate(), "app", "load", layout],
                            environment: ["CBENCH_APP_ROOT": "\(destination)/store", "CBENCH_APP_RUN": "\(destination)/run"])
        var outcome: SpawnResult?
        let phase = try RealTargetSupport.timed("unpack") { outcome = try command.run() }
        guard let outcome, outcome.status == 0 else {
            throw CoreError(stage: "\(name) app load \(layout)", detail: "exit \(outcome?.status ?? -1): \((outcome?.stderr ?? "").firstLine())")
        }
        return ContainerRun(phases: [phase], exit: .exited(0), stdout: outcome.stdout, stderr: outcome.stderr)
    }
}
