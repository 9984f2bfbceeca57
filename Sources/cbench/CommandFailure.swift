import ArgumentParser
import Foundation
import NamespaceCore

/// A one-line error with its own exit code, printed without the usage text ArgumentParser
/// adds to validation errors: the problem is in a file or a value, not in how cbench was called.
enum CommandFailure {
    static func exit(_ message: String, code: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("cbench: \(message)\n".utf8))
        return ExitCode(code)
    }

    /// `no such file: PATH` when a file the command reads is not there.
    static func requireFile(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw exit("no such file: \(path)", code: 1) }
    }

    /// The Results/ directory of this build tree or install prefix, never the current directory.
    static func resultsRoot() throws -> URL {
        guard let results = InstallLayout.current.resultsDirectory else {
            throw exit("cannot find Results/: \(InstallLayout.current.searchedText); give --out DIR", code: 1)
        }
        return URL(fileURLWithPath: results, isDirectory: true)
    }
}
