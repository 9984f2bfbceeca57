import SwiftProtobuf
import Testing
import NamespaceCore
@testable import Checkpoints

/// Dump and restore requests built from a container's launch spec: what CRIU is told about
/// mounts, masked files, cgroups, namespaces and descriptors. No root needed.
struct RequestBuildingTests {
    static func spec() -> LaunchSpec {
        var spec = LaunchSpec(args: ["/bin/sh"])
        spec.namespaces = [.init(.mount), .init(.pid), .init(.network, path: "/run/netns/cbench-x"), .init(.uts, path: "/proc/9/ns/uts")]
        spec.mounts = [
            MountSpec(destination: "/proc", type: "proc", source: "proc"),
            MountSpec(destination: "/sys/fs/cgroup", type: "tmpfs", source: "tmpfs"),
            MountSpec(destination: "/sys/fs/cgroup/memory", type: "bind", source: "/sys/fs/cgroup/memory/cbench/oci-a", options: ["rbind"]),
            MountSpec(destination: "/data", type: "none", source: "/var/lib/vol", options: ["rbind", "ro"]),
        ]
        spec.maskedPaths = ["/proc/kcore", "/proc/acpi", "/proc/missing"]
        return spec
    }

    static func layout() -> ContainerCheckpointLayout {
        ContainerCheckpointLayout.from(
            spec: spec(), rootfs: "/b/rootfs", cgroupPath: "cbench/oci-a", freezerDirectory: "/sys/fs/cgroup/freezer/cbench/oci-a",
            kindOf: { path in ["/proc/kcore": .file, "/proc/acpi": .directory][path] },
            namespaceInode: { $0 == "/run/netns/cbench-x" ? 4026532000 : nil })
    }

    @Test func bindMountsBecomeExternalMountsAndFileMasksGoToDevNull() {
        let layout = Self.layout()
        #expect(layout.externalMounts == [
            ExternalMount(containerPath: "/sys/fs/cgroup/memory", hostSource: "/sys/fs/cgroup/memory/cbench/oci-a"),
            ExternalMount(containerPath: "/data", hostSource: "/var/lib/vol"),
        ])
        #expect(layout.maskedFiles == ["/proc/kcore"])
        #expect(layout.externalNamespaces == [ExternalNamespace(kind: "net", inode: 4026532000, path: "/run/netns/cbench-x")])
        #expect(layout.joinedNamespaces == [JoinedNamespace(kind: "uts", file: "/proc/9/ns/uts")])
    }

    @Test func aUserNamespacedContainerBindsItsDevices() {
        var spec = Self.spec()
        spec.namespaces.insert(.init(.user), at: 0)
        let layout = ContainerCheckpointLayout.from(spec: spec, rootfs: "/r", cgroupPath: "c", freezerDirectory: nil,
                                                    kindOf: { _ in nil }, namespaceInode: { _ in nil })
        #expect(layout.externalMounts.contains(ExternalMount(containerPath: "/dev/null", hostSource: "/dev/null")))
    }

    @Test func theDumpNamesMountsByTheirPlaceAndNamespacesByInode() throws {
        var options = CheckpointOptions(imagePath: "/images")
        options.tcpEstablished = true
        options.leaveRunning = true
        let stdio = StdioDescriptors(entries: [.inside(path: "/dev/null"), .hostFile(mountID: 0x1f, inode: 0xabc, path: "/log"),
                                               .hostFile(mountID: 0x1f, inode: 0xabc, path: "/log")])
        let request = Self.layout().dumpRequest(pid: 42, options: options, stdio: stdio)
        #expect(request.kind == .dump)
        #expect(request.externalStrings == [
            "mnt[/sys/fs/cgroup/memory]:/sys/fs/cgroup/memory", "mnt[/data]:/data", "mnt[/proc/kcore]:/proc/kcore",
            "net[4026532000]:extRootNetNS", "file[1f:abc]",
        ])
        let message = try request.message(imagesFD: 7, workFD: nil)
        #expect(message.type == .dump)
        #expect(message.options.pid == 42 && message.options.imagesDirFd == 7 && !message.options.hasWorkDirFd)
        #expect(message.options.tcpEstablished && message.options.leaveRunning && message.options.notifyScripts)
        #expect(message.options.root == "/b/rootfs")
        #expect(message.options.freezeCgroup == "/sys/fs/cgroup/freezer/cbench/oci-a")
        #expect(message.options.logFile == "dump.log" && message.options.logLevel == 4)
        #expect(message.options.cgroupMode == .soft && message.options.manageCgroups)
    }

    @Test func aPreDumpTracksMemoryAndCarriesNoMounts() throws {
        var options = CheckpointOptions(imagePath: "/images/pre-2")
        options.preDump = true
        options.parentPath = "../pre-1"
        let message = try Self.layout().dumpRequest(pid: 42, options: options, stdio: StdioDescriptors(entries: [])).message(imagesFD: 3, workFD: 4)
        #expect(message.type == .preDump)
        #expect(message.options.trackMemory && message.options.parentImage == "../pre-1")
        #expect(message.options.external.isEmpty && message.options.workDirFd == 4)
    }

    @Test func theFinalDumpOnTopOfAPreDumpTracksMemoryAndAPlainOneDoesNot() throws {
        var options = CheckpointOptions(imagePath: "/images")
        let plain = try Self.layout().dumpRequest(pid: 42, options: options, stdio: StdioDescriptors(entries: [])).message(imagesFD: 3, workFD: nil)
        #expect(!plain.options.trackMemory && !plain.options.hasParentImage)
        options.parentPath = "pre-2"
        let final = try Self.layout().dumpRequest(pid: 42, options: options, stdio: StdioDescriptors(entries: [])).message(imagesFD: 3, workFD: nil)
        #expect(final.type == .dump)
        #expect(final.options.trackMemory && final.options.parentImage == "pre-2")
    }

    @Test func lazyPagesDumpServesMemoryOnThePageServer() throws {
        var options = CheckpointOptions(imagePath: "/images")
        options.lazyPages = true
        options.pageServer = try PageServerAddress(parsing: "127.0.0.1:27000")
        options.statusFD = 9
        let message = try Self.layout().dumpRequest(pid: 1, options: options, stdio: StdioDescriptors(entries: [])).message(imagesFD: 3, workFD: nil)
        #expect(message.options.lazyPages && message.options.statusFd == 9)
        #expect(message.options.pageServer.address == "127.0.0.1" && message.options.pageServer.port == 27000)
    }

    @Test func theRestoreMapsMountsToHostSourcesAndHandsBackDescriptors() throws {
        var options = RestoreOptions(imagePath: "/images")
        options.tcpEstablished = true
        let stdio = StdioDescriptors(entries: [.pipe(inode: 77), .hostFile(mountID: 0x1f, inode: 0xabc, path: "/log"),
                                               .hostFile(mountID: 0x1f, inode: 0xabc, path: "/log")])
        let request = Self.layout().restoreRequest(root: "/run/x/criu-root", options: options, stdio: stdio,
                                                   cgroupRoots: [CgroupRoot(controller: nil, path: "/cbench/oci-a")],
                                                   namespaceDescriptors: [5])
        #expect(request.externalStrings == [
            "mnt[/sys/fs/cgroup/memory]:/sys/fs/cgroup/memory/cbench/oci-a", "mnt[/data]:/var/lib/vol", "mnt[/proc/kcore]:/dev/null",
        ])
        #expect(request.inheritedDescriptors == [
            InheritedDescriptor(key: "pipe:[77]", fd: 0), InheritedDescriptor(key: "file[1f:abc]", fd: 1),
            InheritedDescriptor(key: "extRootNetNS", fd: 5),
        ])
        let message = try request.message(imagesFD: 3, workFD: nil)
        #expect(message.type == .restore)
        #expect(message.options.restoreSibling && message.options.evasiveDevices && message.options.tcpEstablished)
        #expect(message.options.joinNamespaces.map(\.kind) == ["uts"])
        #expect(message.options.cgroupRoots.map(\.path) == ["/cbench/oci-a"] && !message.options.cgroupRoots[0].hasController)
        #expect(message.options.logFile == "restore.log" && !message.options.hasPid)
    }

    @Test func pageServerAddressesAreCheckedLikeRuncs() {
        #expect(throws: CheckpointError.self) { try PageServerAddress(parsing: "localhost") }
        #expect(throws: CheckpointError.self) { try PageServerAddress(parsing: ":80") }
        #expect(throws: CheckpointError.self) { try PageServerAddress(parsing: "10.0.0.1:99999") }
        #expect((try? PageServerAddress(parsing: "10.0.0.1:27"))?.description == "10.0.0.1:27")
    }

    @Test func aFeatureCheckAsksOnlyForFeatures() throws {
        var request = CRIURequest(kind: .featureCheck, imageDirectory: "/tmp")
        request.features = CRIUFeatures(memoryTracking: true)
        let message = try request.message(imagesFD: 3, workFD: nil)
        #expect(message.type == .featureCheck && message.features.memoryTracking && !message.features.hasLazyPages)
    }

    @Test func aDumpWhoseNetworkIsWiredAgainSkipsItsDescriptionAndCRIUsLock() throws {
        var options = CheckpointOptions(imagePath: "/images")
        let plain = try Self.layout().dumpRequest(pid: 42, options: options, stdio: StdioDescriptors(entries: [])).message(imagesFD: 3, workFD: nil)
        #expect(!plain.options.hasEmptyNamespaces)
        #expect(!plain.serializedBytesContain([0x80, 0x04]))
        options.emptyNetworkNamespace = true
        options.networkLock = .skip
        let request = Self.layout().dumpRequest(pid: 42, options: options, stdio: StdioDescriptors(entries: []))
        #expect(request.emptyNamespaces == UInt32(NamespaceKind.network.cloneFlag) && request.networkLock == .skip)
        let message = try request.message(imagesFD: 3, workFD: nil)
        #expect(message.options.emptyNamespaces == UInt32(NamespaceKind.network.cloneFlag))
        // criu_opts field 64 (network_lock), varint 3 (CRIU_NETWORK_LOCK_SKIP), as CRIU reads it.
        #expect(message.serializedBytesContain([0x80, 0x04, 0x03]))
        #expect(message.options.pid == 42 && message.options.imagesDirFd == 3)
        // A pre-dump describes nothing of the namespaces and locks nothing.
        options.preDump = true
        let preDump = Self.layout().dumpRequest(pid: 42, options: options, stdio: StdioDescriptors(entries: []))
        #expect(preDump.emptyNamespaces == 0 && preDump.networkLock == nil)
    }

    @Test func eachNetworkLockMethodIsItsOwnValue() throws {
        for (lock, value) in [(CRIUNetworkLock.iptables, UInt8(1)), (.nftables, 2), (.skip, 3)] {
            var request = CRIURequest(kind: .restore, imageDirectory: "/images")
            request.networkLock = lock
            let message = try request.message(imagesFD: 3, workFD: nil)
            #expect(message.serializedBytesContain([0x80, 0x04, value]))
            let again = try Criu_Request(serializedBytes: try message.serializedBytes() as [UInt8])
            #expect(try again.serializedBytes() as [UInt8] == message.serializedBytes())
        }
    }
}

extension Criu_Request {
    func serializedBytesContain(_ wanted: [UInt8]) -> Bool {
        guard let bytes: [UInt8] = try? serializedBytes(), bytes.count >= wanted.count else { return false }
        return (0...(bytes.count - wanted.count)).contains { Array(bytes[$0..<($0 + wanted.count)]) == wanted }
    }
}
