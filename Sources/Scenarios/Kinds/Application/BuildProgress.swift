/// Which of `cbench app build`'s steps to show as progress: a step once it is seen to run,
/// not one the layer cache answers (`---> Using cache`) nor the FROM of a stage, so a
/// build that changes nothing shows nothing.
struct BuildProgress {
    var pending: String?
    var announced = false

    /// The step line to show now that `line` came, if any.
    mutating func stepRunning(after line: String) -> String? {
        if line.hasPrefix("STEP ") {
            pending = line.contains(": FROM ") ? nil : line
            return nil
        }
        defer { pending = nil }
        return line.hasSuffix("---> Using cache") ? nil : pending
    }
}
