#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Glibc
import NamespaceCore

/// Writes an error to stderr and, with `--log`, to the log file in runc's text or JSON form
/// (containerd reads `{"level":"error","msg":...,"time":...}` lines).
struct ErrorLog {
    let path: String?
    let format: LogFormat

    func write(_ message: String) {
        let line = "cbench-oci: \(message)\n"
        _ = line.withCString { Glibc.write(STDERR_FILENO, $0, strlen($0)) }
        guard let path else { return }
        let time = RFC3339.now()
        let entry: String
        switch format {
        case .text:
            entry = "time=\"\(time)\" level=error msg=\"\(escaped(message))\"\n"
        case .json:
            entry = "{\"level\":\"error\",\"msg\":\"\(escaped(message))\",\"time\":\"\(time)\"}\n"
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = entry.withCString { Glibc.write(fd, $0, strlen($0)) }
    }

    private func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
