import Foundation
import Glibc
import NamespaceCore
import Targets
import Testing

/// Two runs sharing cbench's dockerd: the first to leave does not stop it under the second;
/// the last one stops it and removes its directories.
@Suite(.hostLeakCheck, .serialized, .enabled(if: RealTargetHost.installed("/usr/bin/docker") && RealTargetHost.installed("/usr/sbin/dockerd")
    && getuid() == 0 && !FileManager.default.fileExists(atPath: DockerDaemon.systemSocket), "needs docker.io and no system dockerd"))
struct DockerSharingTests {
    @Test func theLastUserStopsTheSharedDaemon() throws {
        let first = DockerDaemon(), second = DockerDaemon()
        let host = try first.ensureRunning()
        #expect(try second.ensureRunning() == host)
        #expect(first.startedByUs && !second.startedByUs)
        first.release()
        let answer = try Spawn(second.command(host: host, ["version", "--format", "{{.Server.Version}}"])).run()
        #expect(answer.status == 0, "the daemon stopped under its second user: \(answer.stderr)")
        second.release()
        #expect(!FileManager.default.fileExists(atPath: second.layout.socket))
        #expect(!FileManager.default.fileExists(atPath: second.layout.dataRoot))
        #expect(LiveOwners.live().allSatisfy { $0.role != "docker" })
    }
}
