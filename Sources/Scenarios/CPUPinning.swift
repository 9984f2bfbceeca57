import CShim
import Foundation
import Glibc
import NamespaceCore

/// `cbench run --cpus 0,1`: every thread of this process is bound to those CPUs, and so is
/// every process it starts afterwards (runtimes, containers), which inherit the mask.
public enum CPUPinning {
    /// Parses `0,2-3` into [0, 2, 3].
    public static func parse(_ text: String) -> [Int]? {
        var cpus: [Int] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-", maxSplits: 1).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard let low = bounds.first ?? nil, low >= 0 else { return nil }
            let high = bounds.count == 2 ? bounds[1] : low
            guard let high, high >= low, high < 1024 else { return nil }
            cpus += Array(low...high)
        }
        return cpus.isEmpty ? nil : Array(Set(cpus)).sorted()
    }

    /// Binds every thread of this process to `cpus`.
    public static func pin(_ cpus: [Int]) throws {
        // The kernel's cpumask: one bit per CPU, in whole 64-bit words.
        var mask = [UInt8](repeating: 0, count: ((cpus.max() ?? 0) / 64 + 1) * 8)
        for cpu in cpus { mask[cpu / 8] |= UInt8(1 << (cpu % 8)) }
        let threads = (try? FileIO.names(in: "/proc/self/task"))?.compactMap { pid_t($0) } ?? [0]
        for thread in threads where cshim_set_affinity(thread, mask, UInt(mask.count)) != 0 && errno != ESRCH {
            throw CoreError.fromErrno("pin to CPUs \(cpus.map(String.init).joined(separator: ","))")
        }
    }
}
