#if canImport(Glibc)
import Glibc
#endif

/// Variables of this process environment, by name.
enum ProcessEnvironment {
    static func values(_ names: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { values[name] = String(cString: value) }
        }
        return values
    }
}
