import Foundation
import Glibc
import NamespaceCore
import Results
import Targets

/// "Published ports": a busybox httpd in the container serves a page naming the container on
/// port 8080; the target publishes that port on the host's 127.0.0.1 with its own option
/// (`PortPublishingTarget`: `cbench app run -p`; `docker run --publish` on a bridge of its own,
/// through dockerd's userland proxy, the container's default route deleted; `podman run
/// --publish` on its network none, since its portmap needs NAT rules and forwarding this host
/// does not allow), and the host asks 127.0.0.1:PORT for
/// the page. The container's page: supported. Nothing answering: "failed to measure" with
/// what stood in the way (the network the host allows, said by the target; never counted as
/// "not supported"). A target with networks of its own but no option to publish (LXC,
/// cbench-system): not supported; an OCI runtime, which makes no network and runs in the one
/// it is given: not applicable.
public struct PublishedPortRow: TargetFeatureRow {
    public init() {}

    public var key: String { "published-ports" }
    public var feature: String { "published ports" }
    public var group: String { "networking" }
    static let containerPort: UInt16 = 8080
    /// How long the page may take to answer after the container runs.
    static let answerSeconds = 10.0

    static func page(_ id: String) -> String { "cbench-port \(id)" }

    static func workload(rootfs: String, id: String, hostPort: UInt16) -> ContainerWorkload {
        let script = "mkdir -p /tmp/www && echo '\(page(id))' > /tmp/www/index.html && exec httpd -f -p \(containerPort) -h /tmp/www"
        var workload = ContainerWorkload(args: ["/bin/sh", "-c", script], rootfs: rootfs, writableRoot: true)
        workload.ports = [WorkloadPort(host: hostPort, container: containerPort)]
        return workload
    }

    public func measure(_ target: any ContainerTarget, context: TargetRowContext) throws -> FeatureResult {
        guard let publishing = target as? any PortPublishingTarget else {
            return lacking(target, (any PortPublishingTarget).self, Self.missing(target))
        }
        let hostPort = try ApplicationDeployment.freeLoopbackPort()
        let container = try target.prepare(Self.workload(rootfs: context.busyboxRootfs, id: context.id, hostPort: hostPort), id: context.id)
        defer { target.cleanup(container) }
        do {
            try publishing.startPublishing(container)
        } catch let refusal as CoreError where publishing.publishLimit != nil {
            // Refused where this host's networks stand in the way: that is the measurement.
            return judge(target: target.name, means: publishing.publishMeans, limit: publishing.publishLimit, id: context.id,
                         port: hostPort, answer: .failure(refusal), account: nil, refused: true)
        }
        let answer = Self.fetch(port: hostPort, seconds: Self.answerSeconds)
        return judge(target: target.name, means: publishing.publishMeans, limit: publishing.publishLimit, id: context.id,
                     port: hostPort, answer: answer, account: publishing.publishedPorts(container))
    }

    /// Why a target with no option to publish has no cell: one with networks of its own
    /// (LXC, cbench-system) does not support it; an OCI runtime, whose container joins a
    /// network namespace wired for it by hand, has no network to publish from.
    static func missing(_ target: any ContainerTarget) -> MissingCapability {
        if let placing = target as? any NetworkPlacingTarget, placing.makesNetworksOfItsOwn {
            return MissingCapability(.notSupported, lacks: "has networks of its own but no option to publish a container's port on the host",
                                     detail: "no option to publish a port")
        }
        return MissingCapability(.notApplicable, lacks: "makes no network: its container runs in the network namespace it is given",
                                 detail: "no network of its own to publish from")
    }

    /// GET / from 127.0.0.1:`port` until it answers or `seconds` pass: the page, or the last error.
    static func fetch(port: UInt16, seconds: Double) -> Result<String, CoreError> {
        let deadline = MonotonicDeadline(seconds: seconds)
        var last = CoreError(stage: "GET 127.0.0.1:\(port)", detail: "not tried")
        repeat {
            do {
                let response = try HTTPExchange(port: port, timeout: 2).send("/")
                return .success("HTTP \(response.status): \(response.text.trimmingWhitespace())")
            } catch let error as CoreError {
                last = error
            } catch {
                last = CoreError(stage: "GET 127.0.0.1:\(port)", detail: "\(error)")
            }
            usleep(100_000)
        } while !deadline.hasPassed
        return .failure(last)
    }

    /// The cell from what 127.0.0.1:`port` answered (`account`: the target's own view of
    /// its published ports).
    /// `refused`: the failure is the target's refusal to start the container so.
    func judge(target: String, means: String, limit: String?, id: String, port: UInt16,
               answer: Result<String, CoreError>, account: String?, refused: Bool = false) -> FeatureResult {
        var lines = ["how: \(means)", "container: busybox httpd on port \(Self.containerPort), serving '\(Self.page(id))'",
                     "published as 127.0.0.1:\(port):\(Self.containerPort)"]
        if let account { lines.append(account) }
        switch answer {
        case .success(let page) where page.contains(Self.page(id)):
            lines.append("GET http://127.0.0.1:\(port)/ from the host: \(page)")
            return FeatureResult(feature: feature, target: target, outcome: .supported, evidence: lines.joined(separator: "\n"),
                                 detail: "127.0.0.1:\(port) on the host answered with the container's page")
        case .success(let page):
            lines.append("GET http://127.0.0.1:\(port)/ from the host: \(page)")
            return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: lines.joined(separator: "\n"),
                                 detail: "127.0.0.1:\(port) answered, but not with the container's page")
        case .failure(let error):
            lines.append(refused ? "the target refused the start: \(error)"
                         : "GET http://127.0.0.1:\(port)/ from the host for \(Int(Self.answerSeconds)) s: \(error)")
            if let limit { lines.append("on this host: \(limit)") }
            return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: lines.joined(separator: "\n"),
                                 detail: limit.map { "nothing answered on 127.0.0.1:\(port): \($0)" }
                                     ?? "nothing answered on 127.0.0.1:\(port) though the container ran with the port published")
        }
    }
}
