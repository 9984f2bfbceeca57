import Glibc
import NamespaceCore
import OCIImages
import Testing
@testable import AppContainers

/// `--systemd` with podman's meaning: which commands systemd mode detects, and what it changes
/// in the launch (`AppSystemdPlan`) and in the stop signal.
@Suite struct AppSystemdTests {
    @Test(arguments: ["/sbin/init", "/usr/sbin/init", "/usr/local/sbin/init", "/lib/systemd/systemd", "/usr/lib/systemd/systemd", "systemd"])
    func theDefaultDetectsSystemd(command: String) {
        #expect(AppSystemdMode.standard == .detect)
        #expect(AppSystemdMode.detect.applies(to: [command, "--log-level=debug"]))
        #expect(!AppSystemdMode.never.applies(to: [command]))
    }

    @Test(arguments: ["/bin/sh", "init", "/sbin/init2", "/usr/bin/systemd-nspawn", "/sbin/cbench-init", "/opt/sbin/init"])
    func otherCommandsAreNotSystemd(command: String) {
        #expect(!AppSystemdMode.detect.applies(to: [command]))
        #expect(AppSystemdMode.always.applies(to: [command]))
    }

    @Test func noCommandIsNotSystemdAndTheOptionTakesOnlyPodmansWords() throws {
        #expect(!AppSystemdMode.detect.applies(to: []))
        #expect(try AppSystemdMode.parse("always") == .always)
        #expect(try AppSystemdMode.parse("false") == .never)
        let error = #expect(throws: CoreError.self) { try AppSystemdMode.parse("yes") }
        #expect(error?.errno == EINVAL && error?.stage == "--systemd")
    }

    @Test func theDefaultIsNotWrittenToTheRecord() {
        #expect(AppContainerConfig(image: "debian").systemd == nil)
        #expect(AppContainerConfig(image: "debian").systemdMode == .detect)
        #expect(AppContainerConfig(image: "debian", systemd: .always).systemd == .always)
    }

    @Test func systemdStopsOnItsHaltSignalUnlessTheImageSaysOtherwise() throws {
        let halt = try #require(Signal.number(named: "SIGRTMIN+3"))
        let booting = try AppProcess(config: AppContainerConfig(image: "debian", command: ["/sbin/init"]), image: nil, hostname: "h")
        #expect(booting.runsSystemd && booting.stopSignal == halt)
        let off = try AppProcess(config: AppContainerConfig(image: "debian", command: ["/sbin/init"], systemd: .never), image: nil, hostname: "h")
        #expect(!off.runsSystemd && off.stopSignal == SIGTERM)
        let image = ImageConfiguration.ExecutionParameters(cmd: ["/sbin/init"], stopSignal: "SIGQUIT")
        let imageSignal = try AppProcess(config: AppContainerConfig(image: "debian"), image: image, hostname: "h")
        #expect(imageSignal.runsSystemd && imageSignal.stopSignal == SIGQUIT)
        let shell = try AppProcess(config: AppContainerConfig(image: "debian", command: ["/bin/sh"]), image: nil, hostname: "h")
        #expect(!shell.runsSystemd && shell.stopSignal == SIGTERM)
    }

    func spec(_ config: AppContainerConfig) throws -> LaunchSpec {
        let temporary = try TemporaryAppStore()
        let record = try temporary.store.create(config: config, image: TemporaryAppStore.image)
        return try record.launchSpec(store: temporary.store, readFile: { _ in nil })
    }

    @Test func systemdModeAddsACgroupNamespaceItsCgroupMountTmpfsAndTheVariable() throws {
        let spec = try spec(AppContainerConfig(image: "debian", command: ["/sbin/init"]))
        #expect(spec.namespaces.map(\.kind) == [.mount, .pid, .network, .uts, .ipc, .cgroup])
        let cgroup = try #require(spec.mounts.first { $0.destination == "/sys/fs/cgroup" })
        #expect(cgroup.options.contains(LaunchSpec.systemdCgroupMountOption) && !cgroup.options.contains("ro"))
        let tmpfs = spec.mounts.filter { $0.type == "tmpfs" && AppSystemdPlan.tmpfsDirectories.contains($0.destination) }
        #expect(tmpfs.map(\.destination) == ["/run", "/run/lock", "/tmp", "/var/log/journal"])
        #expect(tmpfs.allSatisfy { $0.options.contains("nosuid") && $0.options.contains("nodev") })
        #expect(tmpfs.first { $0.destination == "/tmp" }?.options.contains("mode=1777") == true)
        #expect(spec.environment.contains("container=cbench"))
    }

    @Test func withoutSystemdModeNothingChanges() throws {
        for config in [AppContainerConfig(image: "debian", command: ["/bin/sh"]),
                       AppContainerConfig(image: "debian", command: ["/sbin/init"], systemd: .never)] {
            let spec = try spec(config)
            #expect(spec.namespaces.map(\.kind) == [.mount, .pid, .network, .uts, .ipc])
            #expect(spec.mounts.first { $0.destination == "/sys/fs/cgroup" }?.options.contains("ro") == true)
            #expect(!spec.mounts.contains { $0.destination == "/run" || $0.destination == "/var/log/journal" })
            #expect(!spec.environment.contains { $0.hasPrefix("container=") })
        }
    }

    @Test func alwaysAppliesToAnyCommand() throws {
        let spec = try spec(AppContainerConfig(image: "debian", command: ["/bin/sh"], systemd: .always))
        #expect(spec.namespaces.contains { $0.kind == .cgroup })
        #expect(spec.mounts.contains { $0.destination == "/run/lock" && $0.type == "tmpfs" })
    }

    @Test func theUsersOwnMountsAndContainerVariableWin() throws {
        let spec = try spec(AppContainerConfig(image: "debian", command: ["/sbin/init"], environment: ["container=mine"],
                                               volumes: ["/srv/logs:/var/log/journal"], tmpfs: ["/tmp:size=1m"]))
        #expect(!spec.mounts.contains { $0.destination == "/tmp" || $0.destination == "/var/log/journal" })
        #expect(spec.mounts.contains { $0.destination == "/run" } && spec.mounts.contains { $0.destination == "/run/lock" })
        #expect(spec.environment.filter { $0.hasPrefix("container=") } == ["container=mine"])
    }
}
