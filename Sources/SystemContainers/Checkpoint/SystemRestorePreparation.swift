#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore

/// What a system container's restore makes before CRIU gets its request: the state directory,
/// the root bound where CRIU restores onto it, the cgroup, and, for a dump whose CRIU ran in
/// the tree's own network namespace, a namespace with its veths wired (host ends down until
/// CRIU's post-restore) and CRIU started inside it, waiting. A migration's destination makes it
/// while the source still runs (`SystemRuntime.prepareRestore`, after the root's first pass),
/// so none of it is in the frozen window; `discard` removes all of it when the move fails or
/// is abandoned before the restore took it over.
public final class SystemRestorePreparation {
    let name: String
    /// Where CRIU restores the root onto (a bind of the container's root).
    let root: String
    let idmappedRoot: String?
    let cgroup: Cgroup
    let network: SystemNetwork?
    /// The namespace CRIU runs in, held by this descriptor (-1: CRIU makes an empty one).
    private(set) var namespace: Int32
    /// The host ends of its veths (made here, or by the restore at CRIU's setup-namespaces).
    var hostLinks: [String]
    /// CRIU, started (inside `namespace` when there is one) and waiting for its request.
    private(set) var worker: CRIUWorker?
    /// Post-copy's `criu lazy-pages`, started as soon as the images are in (`startLazyPages`).
    private(set) var lazyDaemon: pid_t?
    let service: CRIUService
    /// /dev/null, CRIU's and the restored tree's stdio.
    let null: Int32
    private var released = false

    init(name: String, root: String, idmappedRoot: String?, cgroup: Cgroup, network: SystemNetwork?,
         namespace: Int32, hostLinks: [String], worker: CRIUWorker?, null: Int32, service: CRIUService) {
        self.name = name
        self.root = root
        self.idmappedRoot = idmappedRoot
        self.cgroup = cgroup
        self.network = network
        self.namespace = namespace
        self.hostLinks = hostLinks
        self.worker = worker
        self.null = null
        self.service = service
    }

    deinit {
        if namespace >= 0 { close(namespace) }
        close(null)
    }

    /// Whether CRIU runs in a namespace made here (the dump's CRIU ran in the tree's own).
    var runsInNetworkNamespace: Bool { namespace >= 0 }

    /// The CRIU that was waiting, for the restore's request (once: the restore owns it then).
    func takeWorker() -> CRIUWorker? {
        defer { worker = nil }
        return worker
    }

    /// Post-copy: starts the lazy-pages daemon on the images in `images` as soon as they are
    /// in, before the import commits and the restore validates them, so its start (a `criu`
    /// process that reads the images and makes its socket: 6-30 ms in mig12l's trace, 21:57
    /// UTC) goes on meanwhile. `connection`: to the source's page server; the daemon gets its
    /// own copy, the caller closes this one.
    public func startLazyPages(images: String, source: PageServerAddress?, connection: Int32?) throws {
        lazyDaemon = try service.startingLazyPagesDaemon(imageDirectory: images, workDirectory: nil, source: source, connection: connection)
    }

    /// The daemon `startLazyPages` started, for the restore to watch and wait for (once).
    func takeLazyDaemon() -> pid_t? {
        defer { lazyDaemon = nil }
        return lazyDaemon
    }

    /// The root's bind and its idmapped mount, once CRIU has restored onto them (or failed).
    func releaseRoot() {
        guard !released else { return }
        released = true
        RootMount.release(root)
        if let idmappedRoot { IdmappedMount.unmount(idmappedRoot) }
    }

    /// Everything it made: CRIU and the lazy-pages daemon ended, the host links gone, whatever
    /// runs in the cgroup killed and the cgroup removed, the root released, the namespace
    /// closed, the state directory gone.
    public func discard(store: SystemStore) {
        worker?.cancel()
        worker = nil
        if let lazyDaemon { service.finishLazyPagesDaemon(lazyDaemon, timeoutMilliseconds: 0) }
        lazyDaemon = nil
        network?.disconnect(hostLinks)
        hostLinks = []
        SystemRuntime.discard(cgroup)
        releaseRoot()
        if namespace >= 0 { close(namespace) }
        namespace = -1
        store.removeStateDirectory(of: name)
    }
}

extension SystemRuntime {
    /// Before a migration's source freezes, on the destination: `configText` is the container's
    /// config from the stream's first section, its root already extracted into this store's
    /// (reserved) directory. Makes what `restore` would make before CRIU (see
    /// `SystemRestorePreparation`), for the restore to take over; nil when this container's
    /// restore cannot be prepared ahead: a user-namespaced or overlay root (whose owners or
    /// lower layer are settled only with the whole root), or a config that does not parse (the
    /// restore then says why).
    public func prepareRestore(name: String, configText: String, service: CRIUService = CRIUService()) throws -> SystemRestorePreparation? {
        let rootfs = store.rootfsPath(of: name)
        guard let config = try? LXCConfig.parse(Self.importedConfigText(configText, name: name, rootfs: rootfs)),
              !config.isUnprivileged, config.rootfsOverlay == nil else { return nil }
        let spec = try config.launchSpec(name: name, defaultRootfs: rootfs)
        return try prepareRestore(name: name, config: config, networkInNamespace: Self.dumpRunsInNetworkNamespace(spec: spec),
                                  service: service)
    }

    /// Makes the state directory, then (undoing all of it on a failure) the namespace with its
    /// veths when `networkInNamespace` and the container has any, CRIU (inside it), the root's
    /// bind and the cgroup.
    func prepareRestore(name: String, config: LXCConfig, networkInNamespace: Bool, service: CRIUService) throws -> SystemRestorePreparation {
        let stage = "restore \(name)"
        let resources = try config.cgroupResources(for: try CgroupHost.current().mode)
        let plans = try config.vethPlans()
        let network = plans.isEmpty ? nil : try SystemNetwork.real()
        try FileIO.makeDirectories(store.runRoot)
        let stateDirectory = store.stateDirectory(of: name)
        guard mkdir(stateDirectory, 0o711) == 0 else {
            throw CoreError(stage: stage, errno: errno, detail: "cannot make \(stateDirectory) (restored twice at once?)")
        }
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        guard null >= 0 else {
            let code = errno
            store.removeStateDirectory(of: name)
            throw CoreError(stage: "\(stage): open /dev/null", errno: code)
        }
        var namespace: Int32 = -1
        var hostLinks: [String] = []
        var worker: CRIUWorker?
        var idmappedRoot: String?
        var bound = false
        let root = "\(stateDirectory)/criu-root"
        do {
            if networkInNamespace, let network {
                namespace = try NetworkNamespace.createAnonymous(stage: stage)
                let inside = RouteNetlink(socket: try NetlinkRouteSocket(namespaceDescriptor: namespace))
                try inside.setUp("lo")
                // Named before the tree has a pid: by a random tag (this process may restore several).
                let tag = Int32.random(in: 1...Int32.max)
                hostLinks = try network.connect(plans, namespace: .descriptor(namespace), inside: inside, hostUp: false) {
                    SystemVethPlan.hostLinkName(tag: tag, index: $0)
                }
            }
            worker = try service.spawn(passing: [0: null, 1: null, 2: null], networkNamespace: namespace >= 0 ? namespace : nil, stage: stage)
            // The root as the container had it: the same idmapped mount (or shifted owners),
            // made from this store's rootfs (a migrated container's rootfs moved with it).
            idmappedRoot = try prepareRoot(name: name, config: config, metadata: try? store.loadMetadata(of: name)).idmappedPath
            try RootMount.bind(idmappedRoot ?? config.rootfsPath ?? store.rootfsPath(of: name), at: root)
            bound = true
            let group = try createCgroup(name: name, resources: resources, host: try CgroupHost.current())
            do { try group.delegate(to: config.rootOwner) } catch {
                Self.discard(group)
                throw error
            }
            return SystemRestorePreparation(name: name, root: root, idmappedRoot: idmappedRoot,
                                            cgroup: group, network: network, namespace: namespace, hostLinks: hostLinks,
                                            worker: worker, null: null, service: service)
        } catch {
            worker?.cancel()
            network?.disconnect(hostLinks)
            if bound { RootMount.release(root) }
            if let idmappedRoot { IdmappedMount.unmount(idmappedRoot) }
            if namespace >= 0 { close(namespace) }
            close(null)
            store.removeStateDirectory(of: name)
            throw error
        }
    }

    /// Whether a final dump of a container with this spec and wired veths runs CRIU inside the
    /// tree's own network namespace (see `dump`): none of a user namespace, none joined by path.
    static func dumpRunsInNetworkNamespace(spec: LaunchSpec) -> Bool {
        !spec.namespaces.contains { $0.kind == .user || ($0.kind == .network && $0.path != nil) }
    }
}
