/// The line a move's destination of either mode prints on its stdout once its page server
/// listens for the source's dump (`CRIUService.startPageReceiver`): `pages PORT`. The source
/// waits for it before it freezes the container, then dumps the pages to that port.
public enum PageReceiverLine {
    public static let prefix = "pages "

    /// The line, with its newline.
    public static func line(port: UInt16) -> String { "\(prefix)\(port)\n" }

    /// The port a line names (the text after `prefix`), nil when it names none.
    public static func port(_ said: String) -> UInt16? {
        guard let port = UInt16(said), port > 0 else { return nil }
        return port
    }

    /// The port a whole line names (`pages PORT`), nil for any other line.
    public static func port(ofLine line: String) -> UInt16? {
        guard line.hasPrefix(prefix) else { return nil }
        return port(String(line.dropFirst(prefix.count)))
    }
}
