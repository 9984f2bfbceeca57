import Foundation
import Testing
import NamespaceCore
@testable import AppContainers

/// Volumes: a named volume keeps what one container wrote for the next; a read-only bind
/// refuses writes.
@Suite(.serialized, .enabled(if: AppNetworkTestHost.available, "needs root and /bin/busybox"))
struct AppVolumeTests {
    @Test func namedVolumeSurvivesItsContainer() throws {
        let h = try AppNetworkTestHost()
        defer { h.tearDown() }
        let mount = try VolumeMount(parsing: "keep:/vol")
        try h.volumes.check([mount])
        let writer = try h.start("writer", ["sh", "-c", "echo kept > /vol/file"], mounts: [try h.volumes.mountSpec(for: mount)])
        #expect(try h.finish(writer).0 == .exited(0))
        #expect(try h.volumes.list().map(\.name) == ["keep"], "made on first use, still there")
        let reader = try h.start("reader", ["cat", "/vol/file"], mounts: [try h.volumes.mountSpec(for: mount)])
        let (status, output) = try h.finish(reader)
        #expect(status == .exited(0))
        #expect(output == "kept\n")
        try h.volumes.remove("keep")
        #expect(try h.volumes.list().isEmpty)
    }

    @Test func readOnlyBindRefusesWrites() throws {
        let h = try AppNetworkTestHost()
        defer { h.tearDown() }
        let source = h.directory + "/shared"
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        try "from host\n".write(toFile: source + "/in", atomically: false, encoding: .utf8)
        let mount = try VolumeMount(parsing: "\(source):/host:ro")
        try h.volumes.check([mount])
        let started = try h.start("ro", ["sh", "-c", "cat /host/in; echo x > /host/out && echo wrote || echo refused"],
                                  mounts: [try h.volumes.mountSpec(for: mount)])
        let (status, output) = try h.finish(started)
        #expect(status == .exited(0))
        #expect(output.contains("from host") && output.contains("refused"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: source + "/out"))
    }
}
