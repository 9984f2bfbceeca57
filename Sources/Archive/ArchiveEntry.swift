import CArchive

/// One entry (a header) as a reader hands it out or a writer takes it: valid until the
/// reader moves on. Setting a field changes the entry in place.
public struct ArchiveEntry {
    public let pointer: OpaquePointer

    public init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    public var pathname: String {
        get { archive_entry_pathname(pointer).map { String(cString: $0) } ?? "" }
        nonmutating set { archive_entry_set_pathname(pointer, newValue) }
    }

    /// The entry this one is a hard link to, if it is one.
    public var hardlink: String? {
        get { archive_entry_hardlink(pointer).map { String(cString: $0) } }
        nonmutating set { archive_entry_set_hardlink(pointer, newValue) }
    }

    /// One of `EntryType`.
    public var fileType: UInt32 { UInt32(archive_entry_filetype(pointer)) }
    public var size: Int64 { archive_entry_size(pointer) }
    public var deviceNumber: UInt64 { UInt64(archive_entry_rdev(pointer)) }
    public var modificationTime: Int { archive_entry_mtime(pointer) }

    public var uid: UInt32 {
        get { UInt32(truncatingIfNeeded: archive_entry_uid(pointer)) }
        nonmutating set { archive_entry_set_uid(pointer, la_int64_t(newValue)) }
    }

    public var gid: UInt32 {
        get { UInt32(truncatingIfNeeded: archive_entry_gid(pointer)) }
        nonmutating set { archive_entry_set_gid(pointer, la_int64_t(newValue)) }
    }

    /// A regular file whose bytes follow its header (not empty, not a hard link).
    public var carriesData: Bool {
        fileType == EntryType.regular && size > 0 && archive_entry_hardlink(pointer) == nil
    }

    /// overlayfs' whiteout: a character device 0/0.
    public var isOverlayWhiteout: Bool {
        fileType == EntryType.characterDevice && deviceNumber == 0
    }
}
