import SwiftProtobuf

extension CRIURequest {
    /// The RPC message for `criu swrk`. Directories travel as descriptors of the caller
    /// (CRIU opens /proc/CALLER/fd/N), so the service passes them in: `imagesFD`, `workFD`.
    func message(imagesFD: Int32, workFD: Int32?) throws -> Criu_Request {
        var request = Criu_Request()
        request.type = kind.requestType
        if kind == .featureCheck {
            var asked = Criu_Features()
            if let tracking = features?.memoryTracking { asked.memoryTracking = tracking }
            if let lazy = features?.lazyPages { asked.lazyPages = lazy }
            request.features = asked
        }
        guard kind != .version else { return request }
        request.options = try options(imagesFD: imagesFD, workFD: workFD)
        return request
    }

    func options(imagesFD: Int32, workFD: Int32?) throws -> Criu_Options {
        var options = Criu_Options()
        options.imagesDirFd = imagesFD
        if let workFD { options.workDirFd = workFD }
        options.logFile = logFile
        options.logLevel = logLevel
        if let pid { options.pid = pid }
        if let root { options.root = root }
        options.notifyScripts = notifyScripts
        setFlags(&options)
        if let parentImage {
            options.parentImage = parentImage
            options.trackMemory = true
        }
        if trackMemory { options.trackMemory = true }
        if pageServer != nil || pageServerSocket != nil {
            var info = Criu_PageServerInfo()
            if let pageServer {
                info.address = pageServer.address
                info.port = pageServer.port
            }
            if let pageServerSocket { info.fd = pageServerSocket }
            options.pageServer = info
        }
        if let statusFD { options.statusFd = statusFD }
        if let configFile { options.configFile = configFile }
        options.external = externalStrings
        options.inherited = inheritedDescriptors.map { descriptor in
            var entry = Criu_InheritedDescriptor()
            entry.key = descriptor.key
            entry.fd = descriptor.fd
            return entry
        }
        options.joinNamespaces = joinNamespaces.map { namespace in
            var entry = Criu_JoinedNamespace()
            entry.kind = namespace.kind
            entry.file = namespace.file
            return entry
        }
        if emptyNamespaces != 0 { options.emptyNamespaces = emptyNamespaces }
        options.manageCgroups = cgroupMode != .ignore
        options.cgroupMode = cgroupMode.protobufMode
        options.cgroupRoots = cgroupRoots.map { root in
            var entry = Criu_CgroupRoot()
            if let controller = root.controller { entry.controller = controller }
            entry.path = root.path
            return entry
        }
        if let freezeCgroup { options.freezeCgroup = freezeCgroup }
        if let networkLock { try Self.setNetworkLock(networkLock, in: &options) }
        return options
    }

    /// `network_lock` is field 64 of criu_opts (CRIU 3.17 on), newer than the rpc.proto our
    /// messages were generated from: it goes in as its wire bytes (tag 64, varint), which the
    /// message keeps as an unknown field and sends as they are.
    static func setNetworkLock(_ lock: CRIUNetworkLock, in options: inout Criu_Options) throws {
        let tag = 64 << 3  // field 64, wire type 0 (varint)
        let bytes: [UInt8] = [UInt8(tag & 0x7f) | 0x80, UInt8(tag >> 7), UInt8(lock.rawValue)]
        do {
            try options.merge(serializedBytes: bytes, partial: true)
        } catch {
            throw CheckpointError(stage: "criu request: network_lock \(lock)", detail: "cannot encode the field: \(error)")
        }
    }

    private func setFlags(_ options: inout Criu_Options) {
        if leaveRunning { options.leaveRunning = true }
        if tcpEstablished { options.tcpEstablished = true }
        if externalUnixSockets { options.extUnixSk = true }
        if shellJob { options.shellJob = true }
        if fileLocks { options.fileLocks = true }
        if lazyPages { options.lazyPages = true }
        if restoreSibling { options.restoreSibling = true }
        if evasiveDevices { options.evasiveDevices = true }
        if orphanPtsMaster { options.orphanPtsMaster = true }
        if skipInFlight { options.tcpSkipInFlight = true }
    }

    /// Every `--external` string, in CRIU's syntax for the request's direction: mounts are
    /// keyed by their place in the container (dump) and given a host source (restore);
    /// namespaces are named by inode on dump and come back as inherited descriptors.
    public var externalStrings: [String] {
        var strings: [String] = []
        for mount in externalMounts {
            strings.append(kind == .restore ? "mnt[\(mount.containerPath)]:\(mount.hostSource)"
                                            : "mnt[\(mount.containerPath)]:\(mount.containerPath)")
        }
        if kind != .restore {
            strings += externalNamespaces.map { "\($0.kind)[\($0.inode)]:\($0.key)" }
        }
        return strings + externalResources
    }
}

extension CRIURequest.Kind {
    var requestType: Criu_RequestType {
        switch self {
        case .dump: return .dump
        case .preDump: return .preDump
        case .restore: return .restore
        case .pageServer: return .pageServer
        case .lazyPages: return .restore
        case .featureCheck: return .featureCheck
        case .version: return .version
        }
    }
}

extension CRIUCgroupMode {
    var protobufMode: Criu_CgroupMode {
        switch self {
        case .ignore: return .ignore
        case .none: return .cgNone
        case .props: return .props
        case .soft: return .soft
        case .full: return .full
        case .strict: return .strict
        }
    }
}
