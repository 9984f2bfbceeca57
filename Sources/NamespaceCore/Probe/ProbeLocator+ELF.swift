#if canImport(Glibc)
import Glibc
#endif

/// Reads just enough of an ELF file to tell a static executable from a dynamic
/// one: a dynamic executable has a PT_INTERP program header naming its loader.
public enum ELFInspector {
    /// True for a 64-bit little-endian ELF executable without PT_INTERP.
    public static func isStaticExecutable(atPath path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 64)
        guard pread(fd, &header, header.count, 0) == header.count else { return false }
        return isStaticExecutable(header: header) { offset, count in
            var bytes = [UInt8](repeating: 0, count: count)
            guard pread(fd, &bytes, count, off_t(offset)) == count else { return nil }
            return bytes
        }
    }

    /// The parsing itself, over a reader, so it is testable on byte arrays.
    public static func isStaticExecutable(header: [UInt8], read: (UInt64, Int) -> [UInt8]?) -> Bool {
        // \x7fELF, ELFCLASS64, ELFDATA2LSB
        guard header.count >= 64, header[0] == 0x7F, header[1] == 0x45, header[2] == 0x4C, header[3] == 0x46,
              header[4] == 2, header[5] == 1
        else { return false }
        let type = littleEndian(header, at: 16, size: 2)
        guard type == 2 || type == 3 else { return false } // ET_EXEC, ET_DYN (static-pie)
        let programHeaderOffset = littleEndian(header, at: 32, size: 8)
        let entrySize = Int(littleEndian(header, at: 54, size: 2))
        let entryCount = Int(littleEndian(header, at: 56, size: 2))
        guard entrySize >= 4, entryCount > 0, entryCount < 4096,
              let table = read(programHeaderOffset, entrySize * entryCount)
        else { return false }
        let ptInterp: UInt64 = 3
        for index in 0..<entryCount where littleEndian(table, at: index * entrySize, size: 4) == ptInterp {
            return false
        }
        return true
    }

    private static func littleEndian(_ bytes: [UInt8], at offset: Int, size: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in (0..<size).reversed() {
            value = value << 8 | UInt64(bytes[offset + index])
        }
        return value
    }
}
