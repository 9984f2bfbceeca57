import Foundation
import NamespaceCore
import OCIImages

/// umoci: it unpacks OCI images into runtime bundles and runs no containers, so it takes
/// part only in scenarios that need image unpacking (`operations` says so).
public struct UmociTarget: ImageUnpackingTarget {
    public static let targetName = "umoci"
    public let context: TargetContext
    let environment: [String: String]

    public init(context: TargetContext, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.context = context
        self.environment = environment
    }

    public var name: String { UmociTarget.targetName }
    public var operations: Set<TargetOperation> { [.imageUnpack] }

    public var unpackCoverage: String {
        "the `umoci unpack` process: start-up, blob checks, unpacking into BUNDLE/rootfs and the mtree manifest of the result"
    }

    public func availability() -> TargetAvailability {
        RealTargetSupport.toolAvailability("umoci", package: "make setup installs it", environment: environment)
    }

    public func unpack(layout: String, reference: String, into destination: String) throws -> ContainerRun {
        // The index's ref name is the tag, as `cbench app save` and `docker save` write it.
        let refName = (try? ImageReference(parsing: reference))?.tag ?? reference
        var outcome: SpawnResult?
        let phase = try RealTargetSupport.timed("unpack") {
            outcome = try Spawn(["umoci", "unpack", "--image", "\(layout):\(refName)", "\(destination)/bundle"]).run()
        }
        guard let outcome, outcome.status == 0 else {
            throw CoreError(stage: "umoci unpack \(layout):\(refName)", detail: "exit \(outcome?.status ?? -1): \((outcome?.stderr ?? "").firstLine())")
        }
        return ContainerRun(phases: [phase], exit: .exited(0), stdout: outcome.stdout, stderr: outcome.stderr)
    }

    public func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer { throw runsNoContainers() }
    public func run(_ container: PreparedContainer) throws -> ContainerRun { throw runsNoContainers() }
    public func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun { throw runsNoContainers() }
    public func stop(_ container: PreparedContainer) throws -> ContainerRun { throw runsNoContainers() }
    public func cleanup(_ container: PreparedContainer) {}

    private func runsNoContainers() -> CoreError {
        CoreError(stage: "target umoci", errno: EOPNOTSUPP, detail: "umoci unpacks images; it runs no containers")
    }
}
