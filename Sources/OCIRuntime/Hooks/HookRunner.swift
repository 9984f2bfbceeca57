#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import NamespaceCore

/// One hook to run: the hook, the state JSON for its stdin, and the container whose
/// namespaces it enters (nil: the runtime's).
public struct HookInvocation: Sendable, Equatable {
    public var kind: HookKind
    public var hook: RuntimeSpec.Hook
    public var state: [UInt8]
    public var containerPID: Int32?
}

/// Runs a container's hooks of one kind in order. A fatal kind stops at the first failure and
/// throws it; poststart and poststop failures become warnings and the rest still run.
public struct HookRunner: Sendable {
    public typealias Execute = @Sendable (HookInvocation) throws(CoreError) -> Void
    public typealias Warn = @Sendable (String) -> Void

    let execute: Execute
    let warn: Warn

    public init(execute: @escaping Execute = HookProcess.run, warn: @escaping Warn = HookRunner.printWarning) {
        self.execute = execute
        self.warn = warn
    }

    public func run(_ kind: HookKind, of hooks: RuntimeSpec.Hooks?, state: OCIStateDocument) throws(CoreError) {
        let entries = kind.entries(in: hooks)
        guard !entries.isEmpty else { return }
        var withStatus = state
        withStatus.status = kind.status
        let stateJSON: [UInt8]
        do { stateJSON = Array(try JSONEncoder().encode(withStatus)) } catch {
            throw CoreError(stage: "\(kind.rawValue) hook", detail: "encode state: \(error)")
        }
        for (index, hook) in entries.enumerated() {
            let invocation = HookInvocation(kind: kind, hook: hook, state: stateJSON,
                                            containerPID: kind.runsInContainer ? state.pid : nil)
            do {
                try execute(invocation)
            } catch {
                let failure = CoreError(stage: "\(kind.rawValue) hook [\(index)] \(hook.path)", errno: error.errno,
                                        detail: error.detail)
                guard kind.failureIsFatal else {
                    warn("warning: \(failure.description) (the container goes on)")
                    continue
                }
                throw failure
            }
        }
    }

    public static let printWarning: Warn = { message in
        let line = "cbench-oci: \(message)\n"
        _ = line.withCString { Glibc.write(STDERR_FILENO, $0, strlen($0)) }
    }
}
