import CArchive

/// One `archive_read_data_block` call on a reader: its status, the bytes and their offset.
struct DataBlock {
    let status: Int32
    let bytes: UnsafeRawBufferPointer
    let offset: Int64

    init(reading archive: OpaquePointer?) {
        var block: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        status = archive_read_data_block(archive, &block, &size, &offset)
        bytes = UnsafeRawBufferPointer(start: block, count: block == nil ? 0 : size)
        self.offset = offset
    }

    var isEnd: Bool { status == ARCHIVE_EOF }
    var failed: Bool { status < ARCHIVE_WARN }
}
