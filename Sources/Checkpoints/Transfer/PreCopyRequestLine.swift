/// Pre-copy to another host, either mode: the source's requests to the destination's import,
/// one line each on the move's stream, before the freeze and before the archive. The
/// destination answers each with `pages PORT` (`PageReceiverLine`) once a page server listens
/// for that round's pages, and a pre-dump, once its server has written them, with
/// `pre-dumped N` (`PreDumpedLine`). `PreCopyReceiver` is the destination's side.
public enum PreCopyRequestLine: Sendable, Equatable {
    /// Pre-dump N (from 1): its pages into `MigrationMachine.preDumpDirectory(N)`, its parent
    /// the pre-dump before it.
    case preDump(iteration: Int)
    /// The final dump: its pages into the images directory itself, its parent pre-dump N (the last).
    case dump(after: Int)

    static let preDumpWord = "pre-dump"
    static let dumpWords = "dump after"

    /// The line, with its newline.
    public var line: String {
        switch self {
        case .preDump(let iteration): return "\(Self.preDumpWord) \(iteration)\n"
        case .dump(let after): return "\(Self.dumpWords) \(after)\n"
        }
    }

    /// The request a line (without its newline) makes, nil for anything else.
    public init?(line: String) {
        if let iteration = Self.iteration(after: Self.preDumpWord, in: line) {
            self = .preDump(iteration: iteration)
        } else if let after = Self.iteration(after: Self.dumpWords, in: line) {
            self = .dump(after: after)
        } else {
            return nil
        }
    }

    /// The iteration (1 or more) a line `WORDS N` names.
    static func iteration(after words: String, in line: String) -> Int? {
        guard line.hasPrefix(words + " "), let number = Int(line.dropFirst(words.count + 1)), number >= 1 else { return nil }
        return number
    }
}

/// The destination's answer once pre-dump N's page server has written its pages: `pre-dumped N`.
public enum PreDumpedLine {
    static let word = "pre-dumped"

    /// The line, with its newline.
    public static func line(iteration: Int) -> String { "\(word) \(iteration)\n" }

    /// The iteration a line (without its newline) says is in, nil for any other line.
    public static func iteration(ofLine line: String) -> Int? { PreCopyRequestLine.iteration(after: word, in: line) }
}
