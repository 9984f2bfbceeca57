import Foundation
import Targets
import Yams

/// A stack directory's `stack.yaml`: what an application is made of (Debian packages fetched
/// on the host, Containerfiles built in order), how each layout runs it, and what a reader
/// asks it for. Read and checked before anything runs; an error names the file and line.
public struct StackDefinition: Sendable, Equatable {
    public struct Image: Sendable, Equatable {
        public var name: String
        /// Relative to the stack directory.
        public var containerfile: String
    }

    /// One HTTP request: its path (with query), the text the answer must contain, and a
    /// form-encoded body for a POST.
    public struct Request: Sendable, Equatable {
        public var name: String
        public var path: String
        public var expect: String
        public var body: String?

        public init(name: String, path: String, expect: String, body: String? = nil) {
            self.name = name
            self.path = path
            self.expect = expect
            self.body = body
        }

        /// `{token}` replaced.
        public func with(token: String) -> Request {
            Request(name: name, path: path.replacingOccurrences(of: "{token}", with: token),
                    expect: expect.replacingOccurrences(of: "{token}", with: token),
                    body: body?.replacingOccurrences(of: "{token}", with: token))
        }
    }

    public var name: String
    public var directory: String
    public var release: String
    public var packages: [String]
    public var images: [Image]
    public var port: UInt16
    /// The image the system layout boots.
    public var systemImage: String
    /// The app layout's containers, in start order; their images are names of `images`.
    public var containers: [ApplicationContainer]
    /// The first is the page of the time to first page.
    public var requests: [Request]
    public var persistenceWrite: Request
    public var persistenceRead: Request

    /// `cbench-NAME/IMAGE:1`, the tag a built image gets.
    public func reference(ofImage image: String) -> String { "cbench-\(name)/\(image):1" }
    /// The imported debootstrap root every Containerfile starts `FROM`.
    public var baseReference: String { "cbench-\(name)/base:\(release)" }
    public var firstPage: Request { requests[0] }

    static let keys: Set<String> = ["name", "release", "packages", "images", "port", "system", "containers", "requests", "persistence"]
    static let releases = ["bookworm", "bullseye", "trixie"]

    /// Reads `DIRECTORY/stack.yaml`.
    public static func load(directory: String) throws -> StackDefinition {
        let path = directory + "/stack.yaml"
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioError(file: path, message: "cannot read the stack file: \(error.localizedDescription)")
        }
        return try parse(text, file: path, directory: directory)
    }

    public static func parse(_ text: String, file: String, directory: String) throws -> StackDefinition {
        let context = ScenarioParser.Context(file: file)
        let node: Node
        do {
            guard let root = try Yams.compose(yaml: text) else { throw ScenarioError(file: file, line: 1, message: "the file is empty") }
            node = root
        } catch let error as ScenarioError {
            throw error
        } catch let error as YamlError {
            throw ScenarioError(file: file, line: ScenarioParser.line(of: error), message: "not valid YAML: \(ScenarioParser.problem(of: error))")
        }
        guard case .mapping(let mapping) = node else { throw context.error(node, key: nil, "expected a mapping with \(keys.sorted().joined(separator: ", "))") }
        try context.rejectUnknownKeys(mapping, allowed: keys, path: "")
        let fields = ScenarioFields(mapping: mapping, node: node, context: context, path: "", busyboxRootfs: "",
                                    rootfsExists: { _ in false }, sweepParameters: [])

        let name = try fields.required("name", try fields.string("name"))
        guard name.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }), name.first?.isLetter == true else {
            throw fields.error("name", "'\(name)' must be lower-case letters, digits and '-' (it names images)")
        }
        let release = try fields.required("release", try fields.string("release"))
        guard releases.contains(release) else { throw fields.error("release", "'\(release)' is not one of \(releases.joined(separator: ", "))") }
        let packages = try fields.required("packages", try fields.strings("packages"))
        if let bad = packages.first(where: { !Self.isPackageName($0) }) {
            throw fields.error("packages", "'\(bad)' is not a Debian package name")
        }
        let images = try fields.list("images", allowed: ["name", "containerfile"]) { item in
            Image(name: try item.required("name", try item.string("name")), containerfile: try item.required("containerfile", try item.string("containerfile")))
        }
        guard !images.isEmpty else { throw fields.error("images", "needs at least one image") }
        let imageNames = images.map(\.name)
        for (index, image) in images.enumerated() {
            guard FileManager.default.fileExists(atPath: directory + "/" + image.containerfile) else {
                throw fields.error("images", "images[\(index)]: no file \(image.containerfile) in \(directory)")
            }
            guard imageNames.filter({ $0 == image.name }).count == 1 else { throw fields.error("images", "two images are named \(image.name)") }
        }
        let portNumber = try fields.required("port", try fields.count("port", minimum: 1))
        guard let port = UInt16(exactly: portNumber) else { throw fields.error("port", "\(portNumber) is not a TCP port") }
        let systemImage = try fields.required("system", try fields.string("system"))
        guard imageNames.contains(systemImage) else { throw fields.error("system", "'\(systemImage)' is not one of the images (\(imageNames.joined(separator: ", ")))") }
        let containers = try fields.list("containers", allowed: ["name", "image", "volumes", "publish"]) { item in
            let image = try item.required("image", try item.string("image"))
            guard imageNames.contains(image) else { throw item.error("image", "'\(image)' is not one of the images (\(imageNames.joined(separator: ", ")))") }
            let volumes = (try item.pairs("volumes") ?? []).map { ApplicationVolume(name: $0.key, path: $0.value) }
            for volume in volumes where !volume.path.hasPrefix("/") {
                throw item.error("volumes", "the path of volume \(volume.name) must be absolute")
            }
            return ApplicationContainer(name: try item.required("name", try item.string("name")), image: image, volumes: volumes,
                                        publishesPort: try item.bool("publish") ?? false)
        }
        guard containers.filter(\.publishesPort).count == 1 else {
            throw fields.error("containers", "exactly one container publishes the port (publish: true)")
        }
        let requests = try fields.list("requests", allowed: ["name", "path", "expect"]) { item in
            Request(name: try item.required("name", try item.string("name")), path: try item.requestPath("path"),
                    expect: try item.required("expect", try item.string("expect")))
        }
        guard !requests.isEmpty else { throw fields.error("requests", "needs at least the page whose answer ends the time to first page") }
        guard let persistence = try fields.nested("persistence", allowed: ["write", "read"]) else {
            throw fields.error("persistence", "missing (required): a write before the stop and a read after the restart")
        }
        func request(_ key: String) throws -> Request {
            guard let item = try persistence.nested(key, allowed: ["path", "body", "expect"]) else {
                throw persistence.error(key, "missing (required)")
            }
            return Request(name: key, path: try item.requestPath("path"), expect: try item.required("expect", try item.string("expect")),
                           body: try item.string("body"))
        }
        return StackDefinition(
            name: name, directory: directory, release: release, packages: packages, images: images, port: port,
            systemImage: systemImage,
            containers: containers.map { var container = $0; container.image = "cbench-\(name)/\(container.image):1"; return container },
            requests: requests, persistenceWrite: try request("write"), persistenceRead: try request("read"))
    }

    static func isPackageName(_ name: String) -> Bool {
        guard let first = name.first, first.isLowercase || first.isNumber, name.count >= 2 else { return false }
        return name.allSatisfy { $0.isLowercase || $0.isNumber || "+-.".contains($0) }
    }
}

extension ScenarioFields {
    /// A request path: absolute, with its query.
    fileprivate func requestPath(_ key: String) throws -> String {
        let path = try required(key, try string(key))
        guard path.hasPrefix("/"), !path.contains(where: \.isWhitespace) else {
            throw error(key, "'\(path)' is not a request path such as /index.php?title=Page")
        }
        return path
    }
}
