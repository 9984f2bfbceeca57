/// Words collected one character at a time by the command-line splitters (a Containerfile's
/// instructions, LXC's `lxc.init.cmd`): each decides what a character means, this keeps the
/// words. A word may be empty when quotes made it (`''`).
public struct WordCollector: Sendable {
    public private(set) var words: [String] = []
    private var current = ""
    private var inWord = false

    public init() {}

    /// Adds to the current word (starting one if needed).
    public mutating func append(_ character: Character) {
        current.append(character)
        inWord = true
    }

    /// Starts a word even if no character follows (an opening quote).
    public mutating func startWord() {
        inWord = true
    }

    /// Ends the current word at a blank; blanks between words make none.
    public mutating func endWord() {
        if inWord { words.append(current) }
        current = ""
        inWord = false
    }

    /// Every word, the last one ended.
    public mutating func finish() -> [String] {
        endWord()
        return words
    }
}
