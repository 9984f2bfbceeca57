extension SeccompProfile {
    /// The whole profile as plain text, one rule a line: equal profiles give equal text.
    /// Written out by hand rather than with `String(reflecting:)`, whose reflection scans
    /// every protocol conformance of the program (milliseconds in a large static binary).
    public var canonicalText: String {
        var lines = ["default \(defaultAction.text)", "arch \(architectures.joined(separator: ","))",
                     "flags \(flags.map(\.rawValue).joined(separator: ","))"]
        for rule in rules {
            let conditions = rule.conditions.map { "\($0.index):\($0.op.rawValue):\($0.value):\($0.valueTwo)" }
            lines.append("\(rule.action.text) \(rule.syscalls.joined(separator: ",")) [\(conditions.joined(separator: " "))]")
        }
        return lines.joined(separator: "\n")
    }
}

extension SeccompAction {
    var text: String {
        switch self {
        case .killThread: return "kill-thread"
        case .killProcess: return "kill-process"
        case .trap: return "trap"
        case .errno(let code): return "errno(\(code))"
        case .trace(let code): return "trace(\(code))"
        case .allow: return "allow"
        case .log: return "log"
        case .notify: return "notify"
        }
    }
}
