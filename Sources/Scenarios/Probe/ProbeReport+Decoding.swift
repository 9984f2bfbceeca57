import NamespaceCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ProbeReport {
    /// Decodes the probe's stdout.
    public static func decode(_ data: Data) throws(CoreError) -> ProbeReport {
        do {
            return try JSONDecoder().decode(ProbeReport.self, from: data)
        } catch {
            throw CoreError(stage: "decode probe report", detail: "\(error)")
        }
    }

    public static func decode(_ text: String) throws(CoreError) -> ProbeReport {
        try decode(Data(text.utf8))
    }

    /// The same JSON shape the probe writes (tests and stored evidence).
    public func encoded() throws(CoreError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return try encoder.encode(self)
        } catch {
            throw CoreError(stage: "encode probe report", detail: "\(error)")
        }
    }
}
