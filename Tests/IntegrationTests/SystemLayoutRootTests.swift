import Foundation
import Glibc
import NamespaceCore
@testable import Scenarios
@testable import Targets
import Testing

/// The system layout on cbench-system and LXC without a copy of the stack's 0.9 GB root: each
/// deployment is an overlay over the cached root (cbench-system `create --snapshot`
/// unprivileged; LXC's root mounted by the target over an idmapped lower). It must serve the
/// seeded page (nginx, php-fpm and MariaDB find their files owned as in a copy), keep a write
/// across stop and start, never write into the cached root, and leave no mount or directory.
/// Builds the stack's cache when missing (about 10 minutes here), else reuses it.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && ExecutablePath.find("debootstrap", environment: ProcessInfo.processInfo.environment) != nil,
                             "needs root, the busybox root and debootstrap"))
struct SystemLayoutRootTests {
    static func mountsUnder(_ path: String) -> [String] {
        let table = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return table.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count > 4 else { return nil }
            let point = String(fields[4])
            return point == path || point.hasPrefix(path + "/") ? point : nil
        }
    }

    /// Size and modification time of a file of the cached root the database writes in a copy.
    static func fingerprint(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "missing" }
        return "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_uid)"
    }

    @Test(arguments: ["cbench-system", "lxc"])
    func theLayoutRunsOnAnOverlayOfTheCachedRoot(targetName: String) throws {
        let work = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let (definition, cache) = try ScenarioTestSupport.builtMediawikiStack(work: work)
        let stack = cache.applicationStack
        let watched = ["\(stack.systemRoot)/var/lib/mysql/ibdata1", "\(stack.systemRoot)/etc/hostname", "\(stack.systemRoot)/var/lib/mysql"]
        let before = watched.map(Self.fingerprint)

        let state = "\(SuiteSession.stateParent)/\(getpid())-systemlayout"
        defer {
            try? FileManager.default.removeItem(atPath: state)
            ProjectDirectories.removeIfEmpty([SuiteSession.stateParent, ProjectDirectories.runtime])
        }
        let context = TargetContext(workDirectory: work, stateRoot: state, smokeRootfs: ScenarioTestSupport.busyboxRootfs)
        let target: any ApplicationTarget = targetName == "lxc" ? LXCTarget(context: context) : SystemContainerTarget(context: context)
        let deployment = try target.deploy(stack, id: "cbench-\(getpid())-systemlayout-\(targetName == "lxc" ? "l" : "s")")
        var removed = false
        defer { if !removed { target.remove(deployment) } }
        let storage = target.storage(deployment)
        let written = FileIO.diskUsage(of: storage.writablePaths)
        #expect(written < 64 << 20, "the deployment's own bytes before it ran: \(written) (a copy of the root is about 0.9 GB)")

        let kind = ApplicationKind(stack: definition, readyTimeout: 180)
        let measurement = ApplicationMeasurement(kind: kind, stack: stack)
        let cancel = StepCancellation()
        let firstPage = try measurement.startUntilServing(target, deployment, cancel: cancel, stage: "start")
        #expect(firstPage > 0)
        let client = HTTPExchange(port: deployment.hostPort, timeout: 30)
        let token = "cbench-\(deployment.id)-\(UInt32.random(in: 0...UInt32.max))"
        let write = definition.persistenceWrite.with(token: token)
        let answer = try client.send(write.path, body: write.body ?? "")
        #expect(answer.status == 200 && answer.text.contains(write.expect), "\(answer.status): \(answer.text.prefix(300))")
        try target.stop(deployment)
        _ = try measurement.startUntilServing(target, deployment, cancel: cancel, stage: "restart")
        let read = definition.persistenceRead.with(token: token)
        #expect(try client.send(read.path).text.contains(read.expect), "the write survived the restart in the overlay's upper directory")
        #expect(FileIO.diskUsage(of: storage.writablePaths) > written, "the database's writes went to the deployment's upper directory")
        #expect(watched.map(Self.fingerprint) == before, "the cached root was not written")

        let places = [deployment.directory] + storage.writablePaths
        target.remove(deployment)
        removed = true
        for place in places {
            #expect(Self.mountsUnder(place).isEmpty, "mounts left under \(place): \(Self.mountsUnder(place))")
            #expect(!FileManager.default.fileExists(atPath: place), "\(place) left")
        }
        #expect(watched.map(Self.fingerprint) == before, "the cached root is untouched after the removal")
    }
}
