import Glibc
import NamespaceCore

/// runc's `--interval` (a Go duration: `5s`, `100ms`, `1m30s`), in seconds.
public enum EventInterval {
    public static func seconds(_ text: String) throws(CoreError) -> Double {
        // Longer names first, so `ms` is not read as `m`.
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        var rest = Substring(text)
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            rest = rest.dropFirst(number.count)
            guard let value = Double(number),
                  let unit = units.first(where: { rest.hasPrefix($0.0) }) else {
                throw CoreError(stage: "events --interval", errno: EINVAL, detail: "'\(text)' is not a duration; write e.g. 5s, 500ms or 1m")
            }
            rest = rest.dropFirst(unit.0.count)
            total += value * unit.1
        }
        guard total > 0 else {
            throw CoreError(stage: "events --interval", errno: EINVAL, detail: "'\(text)' is not a positive duration; write e.g. 5s")
        }
        return total
    }
}
