import ArgumentParser
import NamespaceCore
import SystemContainers

/// `cbench system export NAME FILE`: a stopped container as a gzip tarball (metadata.yaml,
/// config, rootfs/), shaped as LXD images are.
struct SystemExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a stopped container to a tarball (metadata.yaml, config, rootfs/; gzip).")
    @Argument(help: "Container name.") var name: String
    @Argument(help: "The tarball to write (.tar.gz).") var file: String
    func run() throws {
        try SystemCommand.runtime().export(name: name, to: file)
        print("exported \(name) to \(file)")
    }
}

/// `cbench system import FILE NAME`: a new container from such a tarball.
struct SystemImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Make a container from an exported tarball.")
    @Argument(help: "The tarball (from `cbench system export`, or an LXD-style image with metadata.yaml and rootfs/).")
    var file: String
    @Argument(help: "New container name.") var name: String
    func run() throws {
        let runtime = SystemCommand.runtime()
        try runtime.importArchive(from: file, as: name)
        print("imported \(name) from \(file) into \(runtime.store.directory(of: name))")
    }
}
