/// One line of /proc/PID/mountinfo, the fields the host tools need.
public struct HostMountEntry: Sendable, Equatable, Codable {
    public var mountID: Int
    public var parentID: Int
    /// `major:minor` of the mount's superblock: mounts of one superblock share it.
    public var device: String?
    public var mountPoint: String
    public var fsType: String
    public var source: String
    /// Per-superblock options; for cgroup v1 they name the hierarchy's controllers.
    public var superOptions: [String]

    public init(mountID: Int, parentID: Int, device: String? = nil, mountPoint: String, fsType: String, source: String,
                superOptions: [String]) {
        self.mountID = mountID
        self.parentID = parentID
        self.device = device
        self.mountPoint = mountPoint
        self.fsType = fsType
        self.source = source
        self.superOptions = superOptions
    }
}

/// Parser for the mountinfo format (proc(5)): `ID PARENT MAJ:MIN ROOT POINT OPTS [TAGS...] - TYPE SOURCE SUPER`.
public enum HostMountTable {
    public static func parse(_ text: String) -> [HostMountEntry] {
        text.split(separator: "\n").compactMap { parseLine(String($0)) }
    }

    public static func read(from root: HostRoot = .system) -> [HostMountEntry] {
        parse(root.read("/proc/self/mountinfo") ?? "")
    }

    static func parseLine(_ line: String) -> HostMountEntry? {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count >= 10, let separator = fields.firstIndex(of: "-"), separator >= 6,
              fields.count >= separator + 3,
              let mountID = Int(fields[0]), let parentID = Int(fields[1]) else { return nil }
        return HostMountEntry(
            mountID: mountID,
            parentID: parentID,
            device: fields[2],
            mountPoint: unescape(fields[4]),
            fsType: fields[separator + 1],
            source: unescape(fields[separator + 2]),
            superOptions: separator + 3 < fields.count
                ? fields[separator + 3].split(separator: ",").map(String.init) : []
        )
    }

    /// mountinfo writes space, tab, newline and backslash as `\ooo` octal escapes.
    public static func unescape(_ field: String) -> String {
        guard field.contains("\\") else { return field }
        var bytes: [UInt8] = []
        let utf8 = Array(field.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "\\"), index + 3 < utf8.count {
                let digits = utf8[(index + 1)...(index + 3)]
                let isOctal = digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }
                let value = digits.reduce(0) { $0 * 8 + Int($1) - Int(UInt8(ascii: "0")) }
                if isOctal, value <= 255 {
                    bytes.append(UInt8(value))
                    index += 4
                    continue
                }
            }
            bytes.append(utf8[index])
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
