import NamespaceCore

extension ContainerCheckpointLayout {
    /// The dump (or pre-dump) of the tree rooted at `pid`. A pre-dump copies memory only, so
    /// it carries no mounts or descriptors (as runc's).
    public func dumpRequest(pid: Int32, options: CheckpointOptions, stdio: StdioDescriptors) -> CRIURequest {
        var request = CRIURequest(kind: options.preDump ? .preDump : .dump, imageDirectory: options.imagePath)
        request.workDirectory = options.workPath
        request.pid = pid
        request.root = rootfs
        request.leaveRunning = options.leaveRunning
        request.tcpEstablished = options.tcpEstablished
        request.externalUnixSockets = options.externalUnixSockets
        request.shellJob = options.shellJob
        request.fileLocks = options.fileLocks
        request.parentImage = options.parentPath
        // As runc: a dump on top of a pre-dump tracks memory too, to write only what changed.
        request.trackMemory = options.preDump || options.parentPath != nil
        request.pageServer = options.pageServer
        request.pageServerSocket = options.pageServerSocket.map { _ in CRIURequest.pageServerSocketNumber }
        request.lazyPages = options.lazyPages
        request.statusFD = options.statusFD
        request.configFile = options.configFile
        request.freezeCgroup = freezerDirectory
        request.cgroupMode = options.cgroupMode
        guard !options.preDump else { return request }
        if options.emptyNetworkNamespace { request.emptyNamespaces |= UInt32(NamespaceKind.network.cloneFlag) }
        request.networkLock = options.networkLock
        request.externalMounts = externalMounts + maskedFiles.map { ExternalMount(containerPath: $0, hostSource: "/dev/null") }
        request.externalNamespaces = externalNamespaces
        request.externalResources = stdio.externalResources
        request.orphanPtsMaster = true
        return request
    }

    /// The restore from `options.imagePath` with the root mounted at `root`. Namespaces named
    /// by `externalNamespaces` are handed over as descriptors from `namespaceDescriptors`
    /// (numbers in CRIU's process), stdio as the caller's 0, 1 and 2.
    public func restoreRequest(root: String, options: RestoreOptions, stdio: StdioDescriptors,
                               cgroupRoots: [CgroupRoot], namespaceDescriptors: [Int32] = []) -> CRIURequest {
        var request = CRIURequest(kind: .restore, imageDirectory: options.imagePath)
        request.workDirectory = options.workPath
        request.root = root
        request.tcpEstablished = options.tcpEstablished
        request.externalUnixSockets = options.externalUnixSockets
        request.shellJob = options.shellJob
        request.fileLocks = options.fileLocks
        request.lazyPages = options.lazyPages
        request.cgroupMode = options.cgroupMode
        request.cgroupRoots = cgroupRoots
        request.networkLock = options.networkLock
        request.restoreSibling = true
        request.evasiveDevices = true
        request.orphanPtsMaster = true
        request.externalMounts = externalMounts + maskedFiles.map { ExternalMount(containerPath: $0, hostSource: "/dev/null") }
        request.joinNamespaces = joinedNamespaces
        request.inheritedDescriptors = stdio.inheritedDescriptors
            + zip(externalNamespaces, namespaceDescriptors).map { InheritedDescriptor(key: $0.key, fd: $1) }
        return request
    }
}
