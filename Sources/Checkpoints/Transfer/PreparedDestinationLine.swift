/// The line a move's destination prints on its stdout once everything its restore can make
/// before the images arrive is made (`cbench app restore --import --prepare`: the container,
/// its cgroup, its network namespace with the veths wired, CRIU waiting in it): `prepared`.
/// The source waits for it, after `pages PORT`, before it freezes the container; what the
/// destination then does after the stream ends is only the restore itself.
public enum PreparedDestinationLine {
    public static let word = "prepared"

    /// The line, with its newline.
    public static var line: String { word + "\n" }

    /// Whether a line (without its newline) is this one.
    public static func isPrepared(_ line: String) -> Bool { line == word }
}
