import Foundation
import Glibc
import NamespaceCore

/// Host programs (fio, sysbench) made runnable inside any container root: each program and
/// every shared library `ldd` resolves for it, with the dynamic loader, in one directory
/// bind-mounted read-only, run as `LOADER --library-path LIB PROGRAM`. The very same files
/// run on the bare host, so the baseline and every container run identical code; the
/// containers keep their small busybox root (a Debian root with fio's dependencies is about
/// 450 MB, which Docker, podman and cbench app would each import). Files are hard links
/// where the file system allows, copies otherwise.
public struct ToolBundle: Sendable, Equatable {
    /// The bundle on the host: `bin/` and `lib/`.
    public var directory: String
    /// The loader's file name in `lib/`.
    public var loader: String

    public static func make(tools: [String], in directory: String) throws -> ToolBundle {
        try FileIO.makeDirectories(directory + "/bin", mode: 0o755)
        try FileIO.makeDirectories(directory + "/lib", mode: 0o755)
        var loader: String?
        for tool in tools {
            guard let path = ExecutablePath.find(tool) else {
                throw CoreError(stage: "tool bundle", errno: ENOENT, detail: "\(tool) is not installed (make setup installs fio and sysbench)")
            }
            try place(path, at: "\(directory)/bin/\(tool)")
            let outcome = try Spawn(["ldd", path]).run()
            guard outcome.status == 0 else {
                throw CoreError(stage: "ldd \(path)", detail: "exit \(outcome.status): \(outcome.stderr.firstLine())")
            }
            let libraries = try parseLdd(outcome.stdout, program: path)
            for library in libraries.libraries where !FileManager.default.fileExists(atPath: "\(directory)/lib/\(library.name)") {
                try place(library.path, at: "\(directory)/lib/\(library.name)")
            }
            if let found = libraries.loader {
                let name = (found as NSString).lastPathComponent
                if !FileManager.default.fileExists(atPath: "\(directory)/lib/\(name)") { try place(found, at: "\(directory)/lib/\(name)") }
                loader = loader ?? name
            }
        }
        guard let loader else { throw CoreError(stage: "tool bundle", detail: "ldd named no dynamic loader for \(tools.joined(separator: ", "))") }
        return ToolBundle(directory: directory, loader: loader)
    }

    /// `ldd` output: `name => /path (0x...)` per library, the loader as `/path (0x...)`, the
    /// vDSO without a path. A library `not found` is an error naming it.
    public static func parseLdd(_ text: String, program: String) throws -> (libraries: [(name: String, path: String)], loader: String?) {
        var libraries: [(name: String, path: String)] = []
        var loader: String?
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("not found") {
                throw CoreError(stage: "ldd \(program)", errno: ENOENT, detail: "library missing: \(line)")
            }
            let words = line.split(separator: " ").map(String.init)
            if words.count >= 3, words[1] == "=>", words[2].hasPrefix("/") {
                libraries.append((words[0], words[2]))
            } else if let first = words.first, first.hasPrefix("/") {
                loader = first
            }
        }
        return (libraries, loader)
    }

    /// A hard link of the real file behind `source` (symlinks resolved), or a copy.
    static func place(_ source: String, at destination: String) throws {
        guard let real = realpath(source, nil) else { throw CoreError.fromErrno("realpath \(source)") }
        defer { free(real) }
        if link(real, destination) == 0 { return }
        guard errno == EXDEV || errno == EPERM else { throw CoreError.fromErrno("link \(String(cString: real)) to \(destination)") }
        try FileIO.write(destination, try FileIO.read(String(cString: real), limit: 1 << 30), mode: 0o755)
    }

    /// The command running `tool` with `arguments` from the bundle as it appears at `root`
    /// (its host directory, or where a container has it mounted).
    public func command(_ tool: String, at root: String, _ arguments: [String]) -> [String] {
        ["\(root)/lib/\(loader)", "--library-path", "\(root)/lib", "\(root)/bin/\(tool)"] + arguments
    }
}
