import NamespaceCore
import Targets

/// One line of `cbench doctor`: what was checked, how it went, and what to do about it.
public struct DoctorCheck: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case ok = "OK", warn = "WARN", fail = "FAIL"
    }

    public var name: String
    public var status: Status
    public var detail: String
    /// The command or change that fixes a WARN or FAIL.
    public var fix: String?

    public init(_ name: String, _ status: Status, _ detail: String, fix: String? = nil) {
        self.name = name
        self.status = status
        self.detail = detail
        self.fix = fix
    }

    /// `OK   kernel: Linux 6.18 ...` and, for a problem, `     fix: ...` on the next line.
    public var rendered: String {
        let label = status.rawValue + String(repeating: " ", count: max(1, 5 - status.rawValue.count))
        var text = "\(label)\(name): \(detail)"
        if let fix, status != .ok { text += "\n     fix: \(fix)" }
        return text
    }
}

/// Everything `cbench doctor` found; `--json` prints it whole.
public struct DoctorReport: Sendable, Equatable, Codable {
    public var facts: HostFacts
    public var tools: [ToolCheck]
    public var perfEvents: HostPerfEvents?
    public var checks: [DoctorCheck]

    public init(facts: HostFacts, tools: [ToolCheck], perfEvents: HostPerfEvents?, checks: [DoctorCheck]) {
        self.facts = facts
        self.tools = tools
        self.perfEvents = perfEvents
        self.checks = checks
    }

    /// A FAIL means something `make test` needs is missing.
    public var hasFailures: Bool { checks.contains { $0.status == .fail } }
}
