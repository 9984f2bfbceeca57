import NamespaceCore
#if canImport(Glibc)
import Glibc
#endif

/// `-m 64m`: bytes with an optional b, k, m or g suffix (powers of 1024), as Docker reads it.
enum AppByteSize {
    static func parse(_ text: String) throws -> Int64 {
        let lower = text.lowercased()
        let units: [(String, Int64)] = [("gb", 1 << 30), ("mb", 1 << 20), ("kb", 1 << 10), ("g", 1 << 30), ("m", 1 << 20), ("k", 1 << 10), ("b", 1)]
        for (suffix, factor) in units where lower.hasSuffix(suffix) {
            if let value = Double(lower.dropLast(suffix.count)), value > 0 { return Int64(value * Double(factor)) }
            break
        }
        if let value = Int64(lower), value > 0 { return value }
        throw CoreError(stage: "--memory \(text)", errno: EINVAL, detail: "give bytes or a size like 64m or 1g")
    }
}
