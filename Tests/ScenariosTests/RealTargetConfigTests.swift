import Foundation
import NamespaceCore
import Testing
@testable import Targets

/// The configs and command lines the LXC, podman and Docker targets generate, root-free.
struct RealTargetConfigTests {
    let context = TargetContext(workDirectory: "/tmp/cbench-unit-work", stateRoot: "/run/cbench/engine/42-abc",
                                smokeRootfs: "/var/lib/cbench/rootfs/busybox")

    func container(userNamespace: Bool, probe: String? = "/opt/probe") -> PreparedContainer {
        PreparedContainer(id: "cbench-x-1", bundle: "/tmp/cbench-unit-work/cbench-x-1", cgroupPath: "cbench/engine-cbench-x-1",
                          workload: ContainerWorkload(args: ["/cbench-probe", "--marker", "/m"], rootfs: "/roots/busybox",
                                                      probe: probe, userNamespace: userNamespace))
    }

    @Test func lxcConfigOverlaysTheRootAndMountsTheProbe() {
        let text = LXCTarget.config(id: "c1", workload: container(userNamespace: false).workload,
                                    directory: "/run/cbench/lxc/c1", cgroupPath: "cbench/engine-c1")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("lxc.rootfs.path = overlay:/roots/busybox:/run/cbench/lxc/c1/delta"))
        #expect(lines.contains("lxc.mount.entry = /opt/probe cbench-probe none bind,ro,create=file 0 0"))
        #expect(lines.contains("lxc.cgroup.dir = cbench/engine-c1"))
        #expect(lines.contains("lxc.net.0.type = empty"))
        #expect(lines.contains("lxc.include = /usr/share/lxc/config/common.conf"))
        #expect(lines.contains("lxc.tty.max = 0") && lines.contains("lxc.console.path = none"))
        #expect(!lines.contains { $0.hasPrefix("lxc.idmap") })
        #expect(!lines.contains { $0.hasPrefix("lxc.cgroup.relative") })
    }

    @Test func lxcConfigInALabHostPlacesTheCgroupBelowTheCaller() {
        let text = LXCTarget.config(id: "c1", workload: container(userNamespace: false).workload, directory: "/d",
                                    cgroupPath: "cbench/engine-c1", network: ["lxc.net.0.type = veth"], relativeCgroup: true)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("lxc.cgroup.relative = 1") && lines.contains("lxc.net.0.type = veth"))
        #expect(!lines.contains("lxc.net.0.type = empty"))
    }

    @Test func lxcConfigMapsRootWhenAskedAndOmitsAnAbsentProbe() {
        let text = LXCTarget.config(id: "c1", workload: container(userNamespace: true, probe: nil).workload,
                                    directory: "/d", cgroupPath: "cbench/engine-c1")
        #expect(text.contains("lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\n"))
        #expect(!text.contains("lxc.mount.entry"))
    }

    @Test func lxcRejectsPathsItsConfigCannotHold() {
        #expect(throws: CoreError.self) { try LXCTarget.checkConfigPaths(["/tmp/a b"], id: "c1") }
        #expect(throws: Never.self) { try LXCTarget.checkConfigPaths(["/tmp/ab"], id: "c1") }
    }

    @Test func lxcToolsRunAgainstThePrivateLxcpath() {
        let target = LXCTarget(context: context, toolDirectory: "/opt/lxc/bin")
        let path = "/run/cbench/lxc/\(PodmanTarget.runTag(context))"
        #expect(target.lxcPath == path)
        #expect(target.command("lxc-stop", "c1", ["-k"]) == ["/opt/lxc/bin/lxc-stop", "-n", "c1", "-P", path, "-k"])
        #expect(LXCTarget(context: context).command("lxc-wait", "c1") == ["lxc-wait", "-n", "c1", "-P", path])
    }

    @Test func podmanRunHasNoNetworkTheRlimitsAndThePrivateStorage() {
        let target = PodmanTarget(runtime: "runc", context: context)
        #expect(target.name == "podman-runc")
        let tag = PodmanTarget.runTag(context)
        #expect(tag.count == 8 && tag != PodmanTarget.runTag(TargetContext(workDirectory: "", stateRoot: "/other", smokeRootfs: "")))
        #expect(target.storageRoot == "/var/lib/cbench/podman/\(tag)-runc")
        #expect(target.runRoot == "/run/cbench/podman/\(tag)-runc")
        #expect(target.runRoot.count <= 50)
        let arguments = target.runArguments(container(userNamespace: true), image: "localhost/img-1", detached: false)
        #expect(Array(arguments.prefix(3)) == ["env", "CONTAINERS_CONF=/run/cbench/podman/\(tag)-runc/containers.conf", "podman"])
        let joined = arguments.joined(separator: " ")
        #expect(joined.contains("--root /var/lib/cbench/podman/\(tag)-runc --runroot /run/cbench/podman/\(tag)-runc"))
        #expect(joined.contains("--runtime runc run --rm --name cbench-x-1 --network none"))
        #expect(joined.contains("--ulimit nofile=20000:20000 --ulimit nproc=32768:32768"))
        #expect(joined.contains("--cgroup-parent /cbench/engine-cbench-x-1"))
        #expect(joined.contains("--volume /opt/probe:/cbench-probe:ro"))
        #expect(joined.contains("--uidmap 0:100000:65536 --gidmap 0:100000:65536"))
        #expect(Array(arguments.suffix(4)) == ["localhost/img-1", "/cbench-probe", "--marker", "/m"])
        #expect(!arguments.contains("--detach"))
        let detached = target.runArguments(container(userNamespace: false), image: "i", detached: true)
        #expect(detached.contains("--detach") && !detached.contains("--uidmap"))
    }

    @Test func podmanConfigKeepsLocksAndStateInOurDirectories() {
        let conf = PodmanTarget(runtime: "crun", context: context).containersConf()
        let tag = PodmanTarget.runTag(context)
        #expect(conf.contains("lock_type = \"file\""))
        #expect(conf.contains("tmp_dir = \"/run/cbench/podman/\(tag)-crun/tmp\""))
        #expect(conf.contains("cgroup_manager = \"cgroupfs\""))
        #expect(conf.contains("volume_path = \"/var/lib/cbench/podman/\(tag)-crun/volumes\""))
    }

    /// The installed [containers] table (capabilities, sysctls) comes along whole, from the last
    /// file that has one, and nothing of the file's other tables.
    @Test func podmanConfigCarriesTheInstalledContainersTable() throws {
        let directory = NSTemporaryDirectory() + "cbench-podman-conf-\(UInt32.random(in: 0...UInt32.max))"
        try FileIO.makeDirectories(directory, mode: 0o755)
        defer { try? FileIO.removeTree(directory) }
        let packaged = directory + "/packaged.conf"
        try FileIO.write(packaged, Array("""
            # comment
            [containers]
            default_capabilities = [
              "CHOWN",
              "SYS_CHROOT"
            ]
            default_sysctls = [
              "net.ipv4.ping_group_range=0 0",
            ]
            [engine]
            events_logger = "journald"

            """.utf8))
        let conf = PodmanTarget(runtime: "crun", context: context).containersConf(installed: [packaged, directory + "/missing.conf"])
        #expect(conf.hasPrefix("# The [containers] table of \(packaged)\n[containers]\ndefault_capabilities = [\n  \"CHOWN\","))
        #expect(conf.contains("\"net.ipv4.ping_group_range=0 0\",\n]\n"))
        #expect(!conf.contains("journald"))
        #expect(conf.components(separatedBy: "[engine]").count == 2)
        #expect(PodmanTarget(runtime: "crun", context: context).containersConf(installed: []).hasPrefix("# Generated by cbench"))
    }

    @Test func dockerRunHasNoNetworkAndOurCgroup() {
        let arguments = DockerTarget.runArguments(container(userNamespace: true), image: "cbench-img-1", detached: false,
                                                  cgroupParent: true, runtime: nil)
        #expect(arguments == ["run", "--rm", "--name", "cbench-x-1", "--network", "none",
                              "--cgroup-parent", "/cbench/engine-cbench-x-1", "--volume", "/opt/probe:/cbench-probe:ro",
                              "cbench-img-1", "/cbench-probe", "--marker", "/m"])
        let systemd = DockerTarget.runArguments(container(userNamespace: false), image: "i", detached: true, cgroupParent: false, runtime: "crun")
        #expect(systemd.contains("--detach") && systemd.contains("crun") && !systemd.contains("--cgroup-parent"))
        let daemon = DockerDaemon(client: "/usr/bin/docker")
        #expect(daemon.command(host: "unix:///run/cbench/docker/docker.sock", ["ps"]) == ["/usr/bin/docker", "-H", "unix:///run/cbench/docker/docker.sock", "ps"])
    }

    /// A density ramp's idle containers share the image read-only, as the OCI bundles' root:
    /// `--read-only` right after the `run` subcommand, whatever comes before it.
    @Test func aReadOnlyRootGoesRightAfterTheRunSubcommand() {
        let docker = DockerDaemon(client: "/usr/bin/docker").command(host: "unix:///run/x.sock",
            DockerTarget.runArguments(container(userNamespace: false), image: "i", detached: true, cgroupParent: false, runtime: nil))
        let readOnly = DockerStyleArguments.readOnlyRoot(docker)
        #expect(Array(readOnly.prefix(6)) == ["/usr/bin/docker", "-H", "unix:///run/x.sock", "run", "--read-only", "--rm"])
        #expect(readOnly.count == docker.count + 1 && readOnly.last == docker.last)
        let podman = PodmanTarget(runtime: "runc", context: context).runArguments(container(userNamespace: false), image: "i", detached: true)
        let podmanReadOnly = DockerStyleArguments.readOnlyRoot(podman, also: ["--read-only-tmpfs=false"])
        #expect(podmanReadOnly.joined(separator: " ").contains("--runtime runc run --read-only --read-only-tmpfs=false --rm --name cbench-x-1"))
        #expect(podmanReadOnly.filter { $0 == "--read-only" }.count == 1)
    }

    @Test func dockerdNeverTouchesTheHostNetworkAndKeepsItsFilesInOurs() throws {
        let layout = DockerDaemon.Layout(runDirectory: "/run/cbench/docker", dataRoot: "/var/lib/cbench/docker")
        let arguments = DockerDaemon.daemonArguments(executable: "dockerd", layout: layout)
        for flag in ["--iptables=false", "--ip-masq=false", "--ip-forward=false", "--bridge=none", "--userland-proxy=true"] {
            #expect(arguments.contains(flag), "\(flag)")
        }
        let joined = arguments.joined(separator: " ")
        #expect(joined.contains("--data-root /var/lib/cbench/docker"))
        #expect(joined.contains("--exec-root /run/cbench/docker/exec"))
        #expect(joined.contains("--pidfile /run/cbench/docker/docker.pid"))
        #expect(joined.contains("--host unix:///run/cbench/docker/docker.sock"))
        #expect(!joined.contains("/etc/docker") && !joined.contains("/var/lib/docker"))

        let config = try #require(try JSONSerialization.jsonObject(with: Data(DockerDaemon.configJSON(crunPath: "/usr/bin/crun", keyPath: layout.keyFile).utf8)) as? [String: Any])
        #expect(config["experimental"] as? Bool == true)
        let runtimes = config["runtimes"] as? [String: [String: String]]
        #expect(runtimes?["crun"]?["path"] == "/usr/bin/crun")
        let plain = try #require(try JSONSerialization.jsonObject(with: Data(DockerDaemon.configJSON(crunPath: nil, keyPath: layout.keyFile).utf8)) as? [String: Any])
        #expect(plain["runtimes"] == nil)
        #expect(plain["deprecated-key-path"] as? String == "/run/cbench/docker/key.json")
    }

    @Test func cbenchOCIIsADaemonRuntimeBesideCrun() throws {
        let text = DockerDaemon.configJSON(crunPath: "/usr/bin/crun", cbenchOCIPath: "/opt/cb/cbench-oci", keyPath: "/k.json")
        let config = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let runtimes = config["runtimes"] as? [String: [String: String]]
        #expect(runtimes?["crun"]?["path"] == "/usr/bin/crun")
        #expect(runtimes?[DockerDaemon.cbenchRuntimeName]?["path"] == "/opt/cb/cbench-oci")
    }

    @Test func theEngineTargetsOnCbenchOCIRunItThroughTheSameEngine() throws {
        let podman = try #require(TargetCatalog.target(named: "podman-cbench", context: context,
                                                       environment: ["CBENCH_OCI": "/opt/cb/cbench-oci"]) as? PodmanTarget)
        #expect(podman.runtime == "/opt/cb/cbench-oci" && podman.flavour == "cbench")
        #expect(podman.podman(["ps"]).contains("/opt/cb/cbench-oci"))
        #expect(podman.runRoot.hasSuffix("-cbench") && podman.runRoot.count < 50)
        let docker = try #require(TargetCatalog.target(named: "docker-cbench", context: context) as? DockerTarget)
        #expect(docker.runtime == DockerDaemon.cbenchRuntimeName && !docker.operations.contains(.checkpoint))
        let prepared = PreparedContainer(id: "c1", bundle: "/tmp/x", cgroupPath: "cbench/c1", workload: ContainerWorkload(args: ["true"], rootfs: "/r"))
        let arguments = DockerTarget.runArguments(prepared, image: "img", detached: false, cgroupParent: false, runtime: docker.runtime)
        #expect(arguments.joined(separator: " ").contains("--runtime cbench-oci"))
        #expect(MeasurementCoverage.run("podman-cbench").contains("conmon and cbench-oci"))
        #expect(MeasurementCoverage.run("docker-cbench").contains("the shim and cbench-oci"))
    }

    @Test func theCatalogKnowsTheRealTargets() {
        for name in ["lxc", "podman-crun", "podman-runc", "podman-cbench", "docker", "docker-cbench"] {
            #expect(TargetCatalog.names.contains(name))
            #expect(TargetCatalog.target(named: name, context: context)?.name == name)
        }
    }

    @Test func versionLinesAreTheFirstWithANumber() {
        #expect(RealTargetSupport.versionLine("usage\npodman version 4.3.1\n") == "podman version 4.3.1")
        #expect(RealTargetSupport.versionLine("nothing here") == nil)
    }

    /// A target whose binary does not exist is skipped with a reason naming it, and starts nothing.
    @Test func missingRuntimesAreSkippedWithTheirReason() {
        let lxc = LXCTarget(context: context, toolDirectory: "/nonexistent/cbench/bin").availability()
        #expect(lxc.skipReason?.contains("/nonexistent/cbench/bin/lxc-start is not installed") == true)
        let podman = PodmanTarget(runtime: "crun", context: context, executable: "/nonexistent/cbench/podman").availability()
        #expect(podman.skipReason?.contains("/nonexistent/cbench/podman is not installed") == true)
        let docker = DockerTarget(context: context, daemon: DockerDaemon(client: "/nonexistent/cbench/docker")).availability()
        #expect(docker.skipReason?.contains("/nonexistent/cbench/docker is not installed") == true)
        #expect(!FileManager.default.fileExists(atPath: context.workDirectory))
    }
}

@Suite struct RealTargetFailureKindTests {
    @Test func aToolSayingAlreadyExistsGivesThatKind() throws {
        for (words, kind) in [("conflict: already exists", CoreError.Kind.alreadyExists), ("no such container", .other)] {
            let error = #expect(throws: CoreError.self) {
                try RealTargetSupport.checked(["sh", "-c", "echo '\(words)' >&2; exit 1"], stage: "tool")
            }
            #expect(error?.kind == kind)
            #expect(error?.description == "tool: exit 1: \(words)")
        }
    }
}
