import AppContainers
import ArgumentParser
import OCIImages
#if canImport(Glibc)
import Glibc
#endif

/// `cbench app import|load|save|images|rmi`: the local OCI image store.
/// CBENCH_APP_ROOT moves the store (tests use it).
enum AppImageCommands {
    static let all: [ParsableCommand.Type] = [AppImport.self, AppLoad.self, AppSave.self, AppImages.self, AppRemoveImage.self]

    static func store() -> ImageStore {
        ImageStore(root: ProcessEnvironment.values(["CBENCH_APP_ROOT"])["CBENCH_APP_ROOT"] ?? ImageStore.defaultRoot)
    }
}

struct AppImport: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Make a one-layer image from a root file system directory or a tarball (tar, tar.gz, tar.zst).")
    @Argument(help: "Root file system directory or tarball.") var source: String
    @Argument(help: "NAME[:TAG] of the new image.") var reference: String
    @Option(name: .long, parsing: .singleValue, help: "Cmd word (repeat for each word).") var cmd: [String] = []
    @Option(name: .long, parsing: .singleValue, help: "Entrypoint word (repeat for each word).") var entrypoint: [String] = []
    @Option(name: .long, parsing: .singleValue, help: "K=V environment variable (repeatable).") var env: [String] = []
    @Option(name: .long, help: "Working directory.") var workdir: String?
    @Option(name: .long, help: "User.") var user: String?

    func run() throws {
        let parsed = try ImageReference(parsing: reference)
        var parameters = ImageConfiguration.ExecutionParameters(
            user: user, env: env.isEmpty ? ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] : env,
            entrypoint: entrypoint.isEmpty ? nil : entrypoint, cmd: cmd.isEmpty ? nil : cmd, workingDir: workdir)
        if cmd.isEmpty, entrypoint.isEmpty { parameters.cmd = ["/bin/sh"] }
        let image = try AppImageCommands.store().importRootfs(from: source, as: parsed, configuration: parameters)
        print("\(parsed) \(image.shortID)")
    }
}

struct AppLoad: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load", abstract: "Load every tagged image of an OCI image layout or oci-archive (skopeo, umoci, buildah, podman save).")
    @Argument(help: "OCI layout directory, or an oci-archive tar (`podman save --format oci-archive`).") var source: String?
    @Option(name: .shortAndLong, help: "The same, as docker and podman spell it.") var input: String?
    func validate() throws {
        guard (source == nil) != (input == nil) else {
            throw ValidationError("give one OCI layout directory or oci-archive: cbench app load PATH (or -i PATH)")
        }
    }
    func run() throws {
        let path = input ?? source ?? ""
        let store = AppImageCommands.store()
        var info = stat()
        let isFile = stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        for image in try isFile ? store.load(archive: path) : store.load(layout: path) {
            print("loaded \(image.reference.map(\.description) ?? "<none>") \(image.shortID)")
        }
    }
}

struct AppSave: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "save", abstract: "Write images to an OCI image layout directory (skopeo, umoci, podman read it).")
    @Argument(help: "NAME[:TAG]... then the layout directory.") var arguments: [String]
    func run() throws {
        guard arguments.count >= 2, let directory = arguments.last else {
            throw ValidationError("give at least one image and the layout directory: cbench app save NAME[:TAG]... DIR")
        }
        let references = try arguments.dropLast().map { try ImageReference(parsing: $0) }
        try AppImageCommands.store().save(references, to: directory)
        print("saved \(references.map(\.description).joined(separator: " ")) to \(directory)")
    }
}

struct AppImages: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "images", abstract: "List the images of the store.")
    @Flag(name: .shortAndLong, help: "Show build intermediates too (untagged images other images were committed on).") var all = false
    func run() throws {
        var rows = [["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"]]
        for image in ImageSummary.shown(try AppImageCommands.store().list(), all: all) {
            rows.append([image.reference?.name ?? "<none>", image.reference?.tag ?? "<none>", image.id,
                         image.created ?? "-", Self.humanSize(image.size)])
        }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print(zip(row, widths).map { $0.0.padding(to: $0.1) }.joined(separator: "   ").trimmingTrailingSpaces())
        }
    }

    static func humanSize(_ bytes: Int64) -> String {
        if bytes >= 1_000_000 { return "\((bytes + 50_000) / 100_000 / 10).\((bytes + 50_000) / 100_000 % 10) MB" }
        if bytes >= 1_000 { return "\((bytes + 500) / 1_000) kB" }
        return "\(bytes) B"
    }
}

struct AppRemoveImage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rmi", abstract: "Untag an image; layers no image or container uses are removed.",
        discussion: "An image a container was created from is kept: rmi refuses, and with -f only untags it.")
    @Flag(name: .shortAndLong, help: "Untag an image containers use (it stays, untagged, with their layers).") var force = false
    @Argument(help: "NAME[:TAG] or IMAGE-ID prefix (repeatable).") var references: [String]
    func run() throws {
        let removal = AppImageRemoval(images: AppImageCommands.store(), containers: AppStore.fromEnvironment())
        for text in references { print(try removal.remove(text, force: force)) }
    }
}

private extension String {
    func padding(to width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
