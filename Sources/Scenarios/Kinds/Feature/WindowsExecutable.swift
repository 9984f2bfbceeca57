/// The smallest well-formed Windows program this project needs: a PE32+ console executable
/// for x86-64 whose one section returns 0 (`xor eax, eax; ret`). Written here, byte by byte,
/// so the row "Windows as the container OS" execs a real PE file: Linux has no binary
/// format for it (unless binfmt_misc registers one), and execve answers ENOEXEC.
enum WindowsExecutable {
    static let fileAlignment = 0x200
    static let sectionAlignment = 0x1000
    /// Where the DOS header says the PE header starts.
    static let peHeaderOffset = 0x40
    static let entryPoint: UInt32 = 0x1000
    /// `xor eax, eax; ret`.
    static let code: [UInt8] = [0x31, 0xC0, 0xC3]

    /// The whole file: headers padded to one file alignment, then the code section.
    static var bytes: [UInt8] {
        var file: [UInt8] = []
        // DOS header: the MZ signature and, at 0x3C, the PE header's offset.
        file += Array("MZ".utf8)
        file += [UInt8](repeating: 0, count: 0x3C - file.count)
        file += le32(UInt32(peHeaderOffset))
        // PE signature and COFF header: x86-64, one section, a 240-byte optional header,
        // an executable image that may use addresses above 2 GiB.
        file += Array("PE".utf8) + [0, 0]
        file += le16(0x8664) + le16(1) + le32(0) + le32(0) + le32(0) + le16(240) + le16(0x0022)
        // Optional header (PE32+): code size, entry point, image base, alignments, versions,
        // image and header sizes, the console subsystem, stack and heap, 16 empty directories.
        file += le16(0x020B) + [0, 0] + le32(UInt32(fileAlignment)) + le32(0) + le32(0)
        file += le32(entryPoint) + le32(entryPoint)
        file += le64(0x1_4000_0000) + le32(UInt32(sectionAlignment)) + le32(UInt32(fileAlignment))
        file += le16(6) + le16(0) + le16(0) + le16(0) + le16(6) + le16(0) + le32(0)
        file += le32(UInt32(2 * sectionAlignment)) + le32(UInt32(fileAlignment)) + le32(0)
        file += le16(3) + le16(0)
        file += le64(0x10_0000) + le64(0x1000) + le64(0x10_0000) + le64(0x1000)
        file += le32(0) + le32(16) + [UInt8](repeating: 0, count: 16 * 8)
        // The section header of .text: readable, executable code.
        file += Array(".text".utf8) + [0, 0, 0]
        file += le32(UInt32(code.count)) + le32(entryPoint) + le32(UInt32(fileAlignment)) + le32(UInt32(fileAlignment))
        file += le32(0) + le32(0) + le16(0) + le16(0) + le32(0x6000_0020)
        file += [UInt8](repeating: 0, count: fileAlignment - file.count)
        file += code + [UInt8](repeating: 0, count: fileAlignment - code.count)
        return file
    }

    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
    private static func le64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8((value >> (8 * $0)) & 0xFF) } }
}
