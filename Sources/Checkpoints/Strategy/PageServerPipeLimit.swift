#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Whether CRIU's lazy page server can serve pages here: post-copy between hosts needs it on
/// the source. When the server starts (page_server_serve, criu/page-xfer.c) it sets the pipe
/// it reads pages through to PIPE_MAX_SIZE pages (the pipe_buffer structs of an order-3
/// allocation: 32768 / 40 = 819 pages, 3,354,624 bytes with 4 KiB pages) with F_SETPIPE_SZ.
/// Above `fs.pipe-max-size` the kernel allows that only with CAP_SYS_RESOURCE. CRIU ignores
/// the EPERM (pipe_read_dest_init's result is not checked), never opens the /dev/null sink,
/// and the first page request fails with `page-pipe: splice: Bad file descriptor`.
/// Pure over its reader, so tests give it the texts of other hosts.
public struct PageServerPipeLimit: Sendable {
    public static let pipeMaxSizePath = "/proc/sys/fs/pipe-max-size"
    public static let statusPath = "/proc/self/status"
    /// CAP_SYS_RESOURCE's bit in the CapEff mask.
    static let sysResourceBit: UInt64 = 1 << 24

    /// The bytes CRIU asks for: 819 pipe buffers of one page each.
    public static func criuPipeBytes(pageSize: UInt64 = UInt64(sysconf(Int32(_SC_PAGESIZE)))) -> UInt64 {
        819 * pageSize
    }

    public var read: @Sendable (String) -> String?
    public var pageSize: UInt64

    public init(pageSize: UInt64 = UInt64(sysconf(Int32(_SC_PAGESIZE))),
                read: @escaping @Sendable (String) -> String? = { path in
                    (try? FileIO.read(path, limit: 8192)).map { String(decoding: $0, as: UTF8.self) }
                }) {
        self.read = read
        self.pageSize = pageSize
    }

    /// nil when the page server can size its pipe here, else why not and how to allow it.
    public func blocker() -> String? {
        if hasSysResource { return nil }
        let needed = Self.criuPipeBytes(pageSize: pageSize)
        guard let limit = pipeMaxSize, limit < needed else { return nil }
        return "post-copy between hosts needs CRIU's lazy page server, which sizes its pipe to \(needed) bytes "
            + "(F_SETPIPE_SZ), above fs.pipe-max-size = \(limit) here without CAP_SYS_RESOURCE; CRIU ignores that EPERM "
            + "and then fails with 'page-pipe: splice: Bad file descriptor' (criu/page-xfer.c pipe_read_dest_init); "
            + "fs.pipe-max-size >= \(needed) would allow it"
    }

    /// `fs.pipe-max-size` as this host has it, nil when unreadable.
    public var pipeMaxSize: UInt64? {
        read(Self.pipeMaxSizePath).flatMap { UInt64($0.trimmingWhitespace()) }
    }

    /// Whether this process holds CAP_SYS_RESOURCE (CapEff in /proc/self/status); CRIU,
    /// started by it, holds what it holds.
    var hasSysResource: Bool {
        guard let status = read(Self.statusPath),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("CapEff:") }),
              let mask = UInt64(line.dropFirst("CapEff:".count).trimmingWhitespace(), radix: 16) else { return false }
        return mask & Self.sysResourceBit != 0
    }
}
