#if canImport(Glibc)
import Glibc
#endif

/// C memory for one launch plan: strings and arrays that must stay valid and unmoved until
/// the child has exec'd. Everything is freed together when the plan goes away.
final class LaunchPlanArena {
    private var blocks: [UnsafeMutableRawPointer] = []

    deinit {
        for block in blocks { free(block) }
    }

    /// A NUL-terminated copy; strings with an embedded NUL are refused by the plan builder.
    func string(_ text: String) -> UnsafePointer<CChar> {
        let bytes = Array(text.utf8)
        let block = allocate(bytes.count + 1)
        let chars = block.bindMemory(to: CChar.self, capacity: bytes.count + 1)
        for (index, byte) in bytes.enumerated() { chars[index] = CChar(bitPattern: byte) }
        chars[bytes.count] = 0
        return UnsafePointer(chars)
    }

    func optionalString(_ text: String?) -> UnsafePointer<CChar>? {
        text.map { string($0) }
    }

    /// A C array of `values` (nil when empty, so the count alone says "none").
    func array<T>(_ values: [T]) -> UnsafePointer<T>? {
        if values.isEmpty { return nil }
        let block = allocate(MemoryLayout<T>.stride * values.count)
        let typed = block.bindMemory(to: T.self, capacity: values.count)
        typed.initialize(from: values, count: values.count)
        return UnsafePointer(typed)
    }

    /// A NULL-terminated array of strings (argv, envp).
    func stringVector(_ values: [String]) -> UnsafePointer<UnsafePointer<CChar>?> {
        let pointers: [UnsafePointer<CChar>?] = values.map { string($0) } + [nil]
        // Never nil: the terminator makes it non-empty.
        let block = allocate(MemoryLayout<UnsafePointer<CChar>?>.stride * pointers.count)
        let typed = block.bindMemory(to: UnsafePointer<CChar>?.self, capacity: pointers.count)
        typed.initialize(from: pointers, count: pointers.count)
        return UnsafePointer(typed)
    }

    /// Raw zeroed storage for one plain C struct.
    func zeroed<T>(_ type: T.Type) -> UnsafeMutablePointer<T> {
        let block = allocate(MemoryLayout<T>.stride)
        return block.bindMemory(to: T.self, capacity: 1)
    }

    private func allocate(_ size: Int) -> UnsafeMutableRawPointer {
        // calloc never returns nil for these sizes on Linux short of an OOM kill; treat nil as fatal
        // rather than handing the child a dangling plan.
        guard let block = calloc(1, max(size, 1)) else { fatalError("out of memory building a launch plan") }
        blocks.append(block)
        return block
    }
}
