/// fstab-style mount options split into mount(2) flags, propagation and the data string,
/// parsed in the parent so the child only passes numbers and one string to the kernel.
public struct MountOptions: Sendable, Equatable {
    public var flags: UInt = 0
    public var propagation: UInt = 0
    /// 0 none, 1 bind, 2 recursive bind (`CSHIM_BIND`, `CSHIM_RBIND`).
    public var bind: Int32 = 0
    /// OCI's recursive options (`rro`, `rnosuid`, `rnodev`, `rnoexec` and `rrw`, `rsuid`,
    /// `rdev`, `rexec`): `MountAttribute` bits set and cleared on the mount and every mount
    /// below it, with one mount_setattr(AT_RECURSIVE) after the mount.
    public var recursiveSet: UInt64 = 0
    public var recursiveClear: UInt64 = 0
    /// Options the kernel flag table does not know, passed as the data string.
    public var data: [String] = []

    public var dataString: String? { data.isEmpty ? nil : data.joined(separator: ",") }

    public init() {}

    public static func parse(_ options: [String]) -> MountOptions {
        var result = MountOptions()
        for option in options {
            if let (set, flag) = flagTable[option] {
                if set { result.flags |= flag } else { result.flags &= ~flag }
            } else if let propagation = propagationTable[option] {
                result.propagation = propagation
            } else if let (set, attribute) = recursiveTable[option] {
                if set {
                    result.recursiveSet |= attribute
                    result.recursiveClear &= ~attribute
                } else {
                    result.recursiveClear |= attribute
                    result.recursiveSet &= ~attribute
                }
            } else if option == "bind" {
                result.bind = max(result.bind, 1)
            } else if option == "rbind" {
                result.bind = 2
            } else if option == "defaults" || option.isEmpty {
                continue
            } else {
                result.data.append(option)
            }
        }
        return result
    }

    /// Every option `parse` gives a meaning of its own (others go to the file system as data).
    public static var knownOptions: [String] {
        (Array(flagTable.keys) + Array(propagationTable.keys) + Array(recursiveTable.keys) + ["bind", "rbind", "defaults"]).sorted()
    }

    /// Propagation flags of a `MountPropagation`.
    public static func flags(for propagation: MountPropagation) -> UInt {
        propagationTable[propagation.rawValue] ?? 0
    }

    static let flagTable: [String: (set: Bool, flag: UInt)] = [
        "ro": (true, MountFlag.readOnly), "rw": (false, MountFlag.readOnly),
        "nosuid": (true, MountFlag.noSuid), "suid": (false, MountFlag.noSuid),
        "nodev": (true, MountFlag.noDev), "dev": (false, MountFlag.noDev),
        "noexec": (true, MountFlag.noExec), "exec": (false, MountFlag.noExec),
        "sync": (true, MountFlag.synchronous), "async": (false, MountFlag.synchronous),
        "dirsync": (true, MountFlag.dirSync),
        "remount": (true, MountFlag.remount),
        "mand": (true, MountFlag.mandLock), "nomand": (false, MountFlag.mandLock),
        "noatime": (true, MountFlag.noAtime), "atime": (false, MountFlag.noAtime),
        "nodiratime": (true, MountFlag.noDirAtime), "diratime": (false, MountFlag.noDirAtime),
        "relatime": (true, MountFlag.relAtime), "norelatime": (false, MountFlag.relAtime),
        "strictatime": (true, MountFlag.strictAtime), "nostrictatime": (false, MountFlag.strictAtime),
    ]

    static let recursiveTable: [String: (set: Bool, attribute: UInt64)] = [
        "rro": (true, MountAttribute.readOnly), "rrw": (false, MountAttribute.readOnly),
        "rnosuid": (true, MountAttribute.noSuid), "rsuid": (false, MountAttribute.noSuid),
        "rnodev": (true, MountAttribute.noDev), "rdev": (false, MountAttribute.noDev),
        "rnoexec": (true, MountAttribute.noExec), "rexec": (false, MountAttribute.noExec),
    ]

    static let propagationTable: [String: UInt] = [
        "private": MountFlag.private, "rprivate": MountFlag.private | MountFlag.recursive,
        "slave": MountFlag.slave, "rslave": MountFlag.slave | MountFlag.recursive,
        "shared": MountFlag.shared, "rshared": MountFlag.shared | MountFlag.recursive,
        "unbindable": MountFlag.unbindable, "runbindable": MountFlag.unbindable | MountFlag.recursive,
    ]
}

/// mount(2) flag values (<sys/mount.h>), spelled out because Glibc imports them unevenly.
public enum MountFlag {
    public static let readOnly: UInt = 1
    public static let noSuid: UInt = 2
    public static let noDev: UInt = 4
    public static let noExec: UInt = 8
    public static let synchronous: UInt = 16
    public static let remount: UInt = 32
    public static let mandLock: UInt = 64
    public static let dirSync: UInt = 128
    public static let noAtime: UInt = 1024
    public static let noDirAtime: UInt = 2048
    public static let bind: UInt = 4096
    public static let recursive: UInt = 16384
    public static let unbindable: UInt = 1 << 17
    public static let `private`: UInt = 1 << 18
    public static let slave: UInt = 1 << 19
    public static let shared: UInt = 1 << 20
    public static let relAtime: UInt = 1 << 21
    public static let strictAtime: UInt = 1 << 24
}

/// mount_setattr(2) attribute bits (<linux/mount.h> MOUNT_ATTR_*).
public enum MountAttribute {
    public static let readOnly: UInt64 = 0x1
    public static let noSuid: UInt64 = 0x2
    public static let noDev: UInt64 = 0x4
    public static let noExec: UInt64 = 0x8
}
