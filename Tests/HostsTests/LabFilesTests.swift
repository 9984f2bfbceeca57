import Testing
@testable import Hosts
import NamespaceCore
import NamespaceCoreTesting

@Suite struct LabFilesTests {
    func files() throws -> LabSSHFiles {
        LabSSHFiles(plan: try LabPlan(hostCount: 2), cbenchExecutable: "/opt/cbench/bin/cbench",
                    clientPublicKey: "ssh-ed25519 AAAAclient cbench-lab",
                    hostPublicKeys: ["lab1": "ssh-ed25519 AAAAone lab1", "lab2": "ssh-ed25519 AAAAtwo lab2"])
    }

    @Test func sshdListensOnTheUnderlayOnlyWithKeysOnly() throws {
        let files = try files()
        let config = files.sshdConfig(for: files.plan.hosts[1])
        let lines = config.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("ListenAddress") } == ["ListenAddress 10.251.0.3:22"])
        #expect(lines.contains("PasswordAuthentication no"))
        #expect(lines.contains("PermitRootLogin prohibit-password"))
        #expect(lines.contains("SetEnv PATH=/opt/cbench/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin CBENCH_EXECUTABLE=/opt/cbench/bin/cbench"))
        #expect(lines.contains { $0.hasPrefix("Subsystem sftp ") })
        #expect(files.authorizedKeys == "ssh-ed25519 AAAAclient cbench-lab\n")
    }

    @Test func knownHostsConfigAndInventoryNameEveryHost() throws {
        let files = try files()
        #expect(files.knownHostsText == "lab1,10.251.0.2 ssh-ed25519 AAAAone lab1\nlab2,10.251.0.3 ssh-ed25519 AAAAtwo lab2\n")
        #expect(files.hostSSHConfig.contains("Host lab2\n    HostName 10.251.0.3\n"))
        #expect(files.hostSSHConfig.contains("IdentityFile /run/cbench/lab/id_ed25519"))
        #expect(files.labHostSSHConfig.contains("IdentityFile /etc/ssh/lab_id_ed25519"))
        #expect(files.labHostSSHConfig.contains("StrictHostKeyChecking yes"))
        // The inventory it writes is one the runner reads back.
        let inventory = try Inventory.parse(files.inventoryText, file: "inventory.ini")
        #expect(inventory.hosts(matching: "lab").map(\.address) == ["10.251.0.2", "10.251.0.3"])
        #expect(inventory.hosts.first?.identityFile == "/run/cbench/lab/id_ed25519")
        #expect(inventory.hosts.first?.extraSSHArguments == ["-o", "UserKnownHostsFile=/run/cbench/lab/known_hosts", "-o", "StrictHostKeyChecking=yes"])
    }

    /// /etc/ssh is bound before the fresh /run hides the lab's state; the caches are bound into
    /// the private store before the store covers /var/lib/cbench.
    @Test func launchMountsComeInAnOrderThatWorks() throws {
        let files = try files()
        let (cgroupHost, _) = FakeCgroupFS.sampleHost(.hybrid)
        let launch = LabHostLaunch(host: files.plan.hosts[0], files: files, cgroups: LabCgroups(host: cgroupHost),
                                   sharedCaches: ["/var/lib/cbench/rootfs"])
        let spec = launch.spec(logDescriptor: 5, nullDescriptor: 6)
        let destinations = spec.mounts.map(\.destination)
        #expect(Array(destinations.prefix(6)) == ["/etc/ssh", "/var/lib/cbench/lab/lab1/rootfs", "/var/lib/cbench", "/run", "/run/sshd", "/tmp"])
        #expect(destinations[6] == "/sys" && destinations[7] == "/sys/fs/cgroup")
        #expect(spec.mounts[1].options.contains("ro"))
        #expect(spec.namespaces.first == NamespaceSpec(.network, path: "/run/netns/cbench-lab1"))
        #expect(Set(spec.namespaces.map(\.kind)) == [.network, .mount, .uts, .cgroup])
        #expect(!spec.namespaces.contains { $0.kind == .pid }, "pids stay the kernel's, so state files stay valid for cleanup")
        #expect(spec.hostname == "lab1")
        #expect(spec.args.first == "/usr/sbin/sshd")
    }

    /// A cbench built in a clone below /tmp stays reachable inside the lab host: its package is
    /// staged in the private store before the fresh /tmp hides it, then bound back at its path.
    @Test func aProgramTreeBelowTmpIsBoundBackAfterTheFreshTmp() throws {
        let files = try files()
        let (cgroupHost, _) = FakeCgroupFS.sampleHost(.hybrid)
        let clone = InstallLayout(executable: "/tmp/ci/.build/debug/cbench", fileExists: { $0 == "/tmp/ci/Package.swift" })
        let tree = LabHostLaunch.hiddenProgramTree(of: clone)
        #expect(tree == "/tmp/ci")
        let launch = LabHostLaunch(host: files.plan.hosts[0], files: files, cgroups: LabCgroups(host: cgroupHost),
                                   sharedCaches: [], hiddenProgramTree: tree)
        let mounts = launch.mounts
        let staged = try #require(mounts.firstIndex { $0.source == "/tmp/ci" })
        let store = try #require(mounts.firstIndex { $0.destination == "/var/lib/cbench" })
        let freshTmp = try #require(mounts.firstIndex { $0.destination == "/tmp" })
        let boundBack = try #require(mounts.firstIndex { $0.destination == "/tmp/ci" })
        #expect(mounts[staged].destination == "/var/lib/cbench/lab/lab1/.cbench-program")
        #expect(staged < store && store < freshTmp && freshTmp < boundBack)
        #expect(mounts[boundBack].source == "/var/lib/cbench/.cbench-program")
        // An install below /usr or a clone elsewhere stays visible as it is.
        let installed = InstallLayout(executable: "/usr/local/bin/cbench", fileExists: { _ in false })
        let work = InstallLayout(executable: "/work/main/.build/debug/cbench", fileExists: { $0 == "/work/main/Package.swift" })
        #expect(LabHostLaunch.hiddenProgramTree(of: installed) == nil)
        #expect(LabHostLaunch.hiddenProgramTree(of: work) == nil)
        #expect(LabHostLaunch(host: files.plan.hosts[0], files: files, cgroups: LabCgroups(host: cgroupHost), sharedCaches: [])
            .mounts.allSatisfy { !$0.destination.hasSuffix(".cbench-program") })
    }

    /// The busybox root and whichever CRIU tree the host's wrapper uses are shared; the host's
    /// own app store, the lab's stores and a half-built tree are not.
    @Test func sharedCachesAreTheRootsAndEveryFinishedCRIUTree() throws {
        let tree = try HostFakeTree()
        defer { tree.remove() }
        for name in ["rootfs", "criu-forky", "criu-forky.partial.Ab12Cd", "app", "lab"] { try tree.mkdir("/var/lib/cbench/" + name) }
        try tree.write("/var/lib/cbench/criu-notes", "a file, not a tree")
        #expect(LabHostLaunch.existingCaches(root: tree.root) == ["/var/lib/cbench/criu-forky", "/var/lib/cbench/rootfs"])
    }
}
