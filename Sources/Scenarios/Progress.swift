import Foundation
import Glibc

/// The progress display on stderr: what runs now, done/total, elapsed and an estimate of
/// the rest. One line per step, rewritten in place on a terminal, plain lines otherwise.
public struct Progress: Sendable {
    public enum Verbosity: Sendable { case quiet, normal, verbose }

    public var verbosity: Verbosity
    let isTerminal: Bool

    public init(verbosity: Verbosity) {
        self.verbosity = verbosity
        isTerminal = isatty(2) == 1
    }

    public func step(done: Int, total: Int, elapsed: Double, label: String) {
        guard verbosity != .quiet else { return }
        let rest = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        let line = "[\(done + 1)/\(total)] \(label)  elapsed \(Progress.seconds(elapsed)), about \(Progress.seconds(rest)) left"
        if isTerminal && verbosity == .normal {
            write("\r\u{1B}[2K" + line)
        } else {
            write(line + "\n")
        }
    }

    public func note(_ text: String) {
        guard verbosity != .quiet else { return }
        write((isTerminal && verbosity == .normal ? "\r\u{1B}[2K" : "") + text + "\n")
    }

    public func detail(_ text: String) {
        guard verbosity == .verbose else { return }
        write(text + "\n")
    }

    public func finish() {
        if isTerminal && verbosity == .normal { write("\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func seconds(_ value: Double) -> String {
        value < 60 ? String(format: "%.0fs", value) : String(format: "%dm%02ds", Int(value) / 60, Int(value) % 60)
    }
}
