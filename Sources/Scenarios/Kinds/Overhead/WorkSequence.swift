/// `cbench-work sequence`: several programs run one after the other in one container, each
/// after sync(2), and what each printed, told apart again by the line the sequence writes
/// before each (`cbench-work sequence K/N`).
enum WorkSequence {
    static let marker = "cbench-work sequence "

    /// The command running `programs` (each its path and arguments) in turn with `work`, the
    /// cbench-work program as the container sees it.
    static func command(work: String, _ programs: [[String]]) -> [String] {
        [work, "sequence"] + programs.flatMap { ["--"] + $0 }
    }

    /// Each program's stdout, in order: the text after each marker line up to the next.
    /// Every marker must be there, numbered 1 to `count` of `count`; a sequence that stopped
    /// early (or output that is not a sequence's) is an error naming what was found.
    static func outputs(_ text: String, count: Int, stage: String) throws -> [String] {
        var pieces: [[Substring]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(marker) {
                let expected = "\(marker)\(pieces.count + 1)/\(count)"
                guard line == expected else {
                    throw StepFailure(stage: stage, "expected the line '\(expected)', found '\(line)'")
                }
                pieces.append([])
            } else if !pieces.isEmpty {
                pieces[pieces.count - 1].append(line)
            }
        }
        guard pieces.count == count else {
            throw StepFailure(stage: stage, "the sequence ran \(pieces.count) of its \(count) programs: \(text.prefix(200))")
        }
        return pieces.map { $0.joined(separator: "\n") }
    }
}
