import Checkpoints

/// What `PageServerPipeLimit` found on this host, as plain values the doctor compares.
public struct PipeLimitProbe: Sendable, Equatable {
    /// fs.pipe-max-size, nil when unreadable.
    public var pipeMaxSize: UInt64?
    /// The bytes CRIU's lazy page server asks for.
    public var needed: UInt64
    /// Why the page server cannot size its pipe here, nil when it can.
    public var blocker: String?

    public init(pipeMaxSize: UInt64?, needed: UInt64, blocker: String?) {
        self.pipeMaxSize = pipeMaxSize
        self.needed = needed
        self.blocker = blocker
    }

    public init(_ limit: PageServerPipeLimit) {
        self.init(pipeMaxSize: limit.pipeMaxSize, needed: PageServerPipeLimit.criuPipeBytes(pageSize: limit.pageSize),
                  blocker: limit.blocker())
    }
}

extension HostDoctor {
    /// Whether CRIU's lazy page server (post-copy between hosts) can size its pipe here:
    /// `fs.pipe-max-size` must allow what it asks for without CAP_SYS_RESOURCE (Scripts/setup
    /// raises it).
    static func pipeLimitCheck(_ probe: PipeLimitProbe) -> DoctorCheck {
        let name = "fs.pipe-max-size"
        guard let value = probe.pipeMaxSize else {
            return DoctorCheck(name, .warn, "not readable in \(PageServerPipeLimit.pipeMaxSizePath)", fix: "sysctl \(name)")
        }
        if probe.blocker != nil {
            return DoctorCheck(name, .warn, "\(value): below the \(probe.needed) bytes CRIU's lazy page server asks for, so post-copy between hosts fails",
                               fix: "make setup (sysctl -w \(name)=4194304)")
        }
        return DoctorCheck(name, .ok, "\(value) (CRIU's lazy page server asks for \(probe.needed): post-copy between hosts can run)")
    }
}
