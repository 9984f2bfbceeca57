import Glibc

/// The two ways to run a multi-service application: `system`, one system container whose
/// init runs every service; `app`, one application container per service on a network.
public enum ApplicationLayout: String, Sendable, CaseIterable {
    case system, app
}

/// A target that runs a whole application in one layout (the `application` scenario kind):
/// `deploy` makes what the layout needs outside the timed part (a copy of the root, images
/// loaded, a network), `start` starts it with its web port published on 127.0.0.1, `stop`
/// ends it as its users do (the data stays), `remove` leaves nothing. A layout may be
/// started and stopped again; the caller times each call and watches the port itself.
public protocol ApplicationTarget: ContainerTarget {
    var applicationLayout: ApplicationLayout { get }
    /// What the target's numbers cover beyond the containers (daemons, forwarding), in words.
    var applicationCoverage: String { get }
    func deploy(_ stack: ApplicationStack, id: String) throws -> ApplicationDeployment
    /// Starts every container in order and publishes the web port; returns once the runtime
    /// says they run (not once they serve).
    func start(_ deployment: ApplicationDeployment) throws
    /// Stops the layout as its users do: the system container halts (its root stays), the
    /// app containers stop and are removed (their volumes stay).
    func stop(_ deployment: ApplicationDeployment) throws
    /// Removes everything of the deployment, in any state. Never throws.
    func remove(_ deployment: ApplicationDeployment)
    /// The running containers: name, init pid and cgroup (for memory and helpers).
    func containers(_ deployment: ApplicationDeployment) -> [ApplicationContainerState]
    /// The last `lines` lines of each container's log (a system container's journal).
    func logTails(_ deployment: ApplicationDeployment, lines: Int) -> [(container: String, text: String)]
    /// Where the layout's bytes are on disk.
    func storage(_ deployment: ApplicationDeployment) -> ApplicationStorage
    /// Processes the whole target needs besides the containers and their parents (dockerd).
    func daemonPids() -> [pid_t]
}

extension ApplicationTarget {
    public func daemonPids() -> [pid_t] { [] }
}

/// One container of the app layout, as the stack file describes it.
public struct ApplicationContainer: Sendable, Equatable {
    /// Its name on the layout's network: the others reach it by this name.
    public var name: String
    /// The image reference in the stack's image layout, e.g. `cbench-mediawiki/db:1`.
    public var image: String
    /// Named volumes: (volume name, path inside), made on first start from the image's files.
    public var volumes: [ApplicationVolume]
    /// Whether the stack's web port of this container is published on 127.0.0.1.
    public var publishesPort: Bool

    public init(name: String, image: String, volumes: [ApplicationVolume] = [], publishesPort: Bool = false) {
        self.name = name
        self.image = image
        self.volumes = volumes
        self.publishesPort = publishesPort
    }
}

public struct ApplicationVolume: Sendable, Equatable {
    public var name: String
    public var path: String

    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }
}

/// What a layout is made from, all in cbench's stack cache (targets copy or load, never
/// write there): the flattened root of the system image, and the app images as an OCI
/// image layout with the containers to run from them.
public struct ApplicationStack: Sendable, Equatable {
    public var name: String
    /// The TCP port the web server listens on inside.
    public var port: UInt16
    /// The system layout's root file system (a directory).
    public var systemRoot: String
    /// The OCI image layout holding every image of `containers`.
    public var imageLayout: String
    /// In start order.
    public var containers: [ApplicationContainer]

    public init(name: String, port: UInt16, systemRoot: String, imageLayout: String, containers: [ApplicationContainer]) {
        self.name = name
        self.port = port
        self.systemRoot = systemRoot
        self.imageLayout = imageLayout
        self.containers = containers
    }

    /// The container whose port is published.
    public var publishedContainer: ApplicationContainer? { containers.first { $0.publishesPort } }

    /// Beside the image layout, in the stack's cache: what an engine that can read images from
    /// a store of their own keeps loaded there (podman's additional image store), reused by
    /// every run while the layout's images are the same.
    public var engineImageStores: String { imageLayout + "-engines" }

    /// The image names of `containers`, each once, sorted.
    public var imageNames: [String] { Set(containers.map(\.image)).sorted() }
}

/// A running container of a layout.
public struct ApplicationContainerState: Sendable, Equatable {
    public var name: String
    public var pid: pid_t?
    /// Relative to each hierarchy root, e.g. `cbench/engine-<id>/<container>`.
    public var cgroup: String?

    public init(name: String, pid: pid_t?, cgroup: String?) {
        self.name = name
        self.pid = pid
        self.cgroup = cgroup
    }
}

/// The directories holding a layout's bytes: its images (layers shared between them listed
/// once) and what its containers wrote (roots, upper directories, volumes).
public struct ApplicationStorage: Sendable, Equatable {
    public var imagePaths: [String]
    public var writablePaths: [String]
    /// How the target stores them, for the report.
    public var note: String

    public init(imagePaths: [String], writablePaths: [String], note: String) {
        self.imagePaths = imagePaths
        self.writablePaths = writablePaths
        self.note = note
    }
}
