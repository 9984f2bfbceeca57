import Foundation
import Results
import Targets

/// `kind: network`: two containers talking, placed on one host over a bridge and on two lab
/// hosts over an overlay (VXLAN) or a routed network, against two lab hosts talking with no
/// containers (`bare`, the baseline). Per pair: TCP and UDP round trips (cbench-pingpong,
/// bounded in count and time) and iperf3 TCP throughput, every tool run in the containers'
/// network namespaces. Every target that can place containers that way takes part; one that
/// cannot says why, with its own tool's answer. Across hosts, the pair also decides the
/// feature row "containers on different servers talking".
public struct NetworkKind: ScenarioKind {
    public static let name = "network"
    public static let keys: Set<String> = ["placements", "rootfs", "round-trips", "round-trip-seconds", "message-bytes", "throughput-seconds", "references"]

    /// What a scenario measures: a placement of a target's pair, or the baseline.
    public enum Choice: String, Sendable, CaseIterable {
        case bare, bridge, overlay, routed

        var placement: NetworkPlacement? { NetworkPlacement(rawValue: rawValue) }
        /// Whether it needs the lab's two hosts.
        var needsLab: Bool { self != .bridge }
    }

    public var placements: [Choice]
    public var rootfs: String
    public var roundTrips: Int
    /// The deadline of each round-trip run (the count may not be reached on a slow path).
    public var roundTripSeconds: Int
    public var messageBytes: Int
    public var throughputSeconds: Int
    /// Published answers set beside the row "containers on different servers talking".
    public var references: ReferenceAnswers?

    public static let tcpMetric = "tcp-rtt"
    public static let udpMetric = "udp-rtt"
    public static let throughputMetric = "throughput"
    public static let feature = "containers on different servers talking"
    /// The target name of the baseline's samples: two lab hosts, no containers.
    public static let bareTarget = "bare"
    public static let bareParameter = "host-to-host"

    public init(placements: [Choice] = Choice.allCases, rootfs: String, roundTrips: Int = 10_000, roundTripSeconds: Int = 30,
                messageBytes: Int = 64, throughputSeconds: Int = 5) {
        self.placements = placements
        self.rootfs = rootfs
        self.roundTrips = roundTrips
        self.roundTripSeconds = roundTripSeconds
        self.messageBytes = messageBytes
        self.throughputSeconds = throughputSeconds
    }

    public init(fields: ScenarioFields) throws {
        let names = try fields.names("placements", known: Choice.allCases.map(\.rawValue), what: "placement")
        placements = (names ?? Choice.allCases.map(\.rawValue)).compactMap(Choice.init)
        guard !placements.isEmpty else { throw fields.error("placements", "give at least one of bare, bridge, overlay, routed") }
        let text = try fields.string("rootfs") ?? "busybox"
        rootfs = text == "busybox" ? fields.busyboxRootfs : text
        guard rootfs.hasPrefix("/") else { throw fields.error("rootfs", "'\(text)' is neither busybox nor an absolute path") }
        roundTrips = try fields.count("round-trips", minimum: 1) ?? 10_000
        roundTripSeconds = try fields.count("round-trip-seconds", minimum: 1) ?? 30
        messageBytes = try fields.count("message-bytes", minimum: 1) ?? 64
        throughputSeconds = try fields.count("throughput-seconds", minimum: 1) ?? 5
        guard roundTrips <= 10_000_000, roundTripSeconds <= 3600, messageBytes <= 65_000, throughputSeconds <= 3600 else {
            throw fields.error(nil, "round-trips at most 10000000, message-bytes at most 65000, seconds at most 3600")
        }
        if !fields.sweepParameters.isEmpty { throw fields.error("sweep", "a network scenario takes no sweep: list its placements") }
        references = try ReferenceAnswers.load(fields: fields)
    }

    public var requirement: TargetRequirement {
        .capability((any NetworkPlacingTarget).self, "network placement (NetworkPlacingTarget)")
    }

    /// Per target and placement a placing step and three measuring steps per round; the
    /// baseline has no placing step.
    public func plannedSteps(_ scenario: Scenario, targets: Int) -> Int {
        let rounds = (scenario.warmup + scenario.iterations) * 3
        return placements.reduce(0) { total, choice in total + (choice == .bare ? rounds : targets * (rounds + 1)) }
    }

    static func parameters(_ choice: Choice) -> [String: String] {
        ["placement": choice == .bare ? bareParameter : choice.rawValue]
    }
}
