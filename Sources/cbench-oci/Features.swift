#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ArgumentParser
import OCIRuntime

struct Features: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "features", abstract: "Print the runtime-spec features document (JSON) of this runtime.")
    @OptionGroup var globals: GlobalOptions
    func run() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(FeaturesDocument.current()), as: UTF8.self))
    }
}
