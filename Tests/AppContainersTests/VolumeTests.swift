import Foundation
import Testing
import NamespaceCore
@testable import AppContainers

@Suite struct VolumeTests {
    @Test func goodForms() throws {
        #expect(try VolumeMount(parsing: "/srv/data:/data") == VolumeMount(source: .bind("/srv/data"), destination: "/data"))
        #expect(try VolumeMount(parsing: "/srv/data:/data:ro") == VolumeMount(source: .bind("/srv/data"), destination: "/data", readonly: true))
        #expect(try VolumeMount(parsing: "dbdata:/var/lib/db:rw") == VolumeMount(source: .named("dbdata"), destination: "/var/lib/db"))
        #expect(try VolumeMount(parsing: "dbdata:/var/lib/db").volumeName == "dbdata")
    }

    @Test func badFormsAreOneLineErrors() {
        let cases: [(String, String)] = [
            ("/srv", "expected HOSTDIR:/path"),
            ("/a:/b:ro:x", "expected"),
            ("/a:/b:rx", "unknown option 'rx'"),
            ("/a:relative", "must be absolute"),
            ("/a:/x/../etc", "must be absolute and without '..'"),
            ("/a:/", "over the container's root"),
            ("./here:/data", "absolute path"),
            ("sub/dir:/data", "absolute path"),
            ("-bad:/data", "not a valid volume name"),
            (":/data", "expected"),
        ]
        for (text, expected) in cases {
            let error = #expect(throws: CoreError.self) { try VolumeMount(parsing: text) }
            #expect(error?.description.contains(expected) == true, "\(text): \(String(describing: error))")
        }
    }

    @Test func storeCreatesListsInspectsAndRemoves() throws {
        let dir = try NetworkTestDirectory("volume")
        defer { dir.remove() }
        let store = VolumeStore(root: dir.path + "/volumes")
        let made = try store.create("data")
        #expect(made.mountpoint == dir.path + "/volumes/data/_data")
        #expect(FileManager.default.fileExists(atPath: made.mountpoint))
        #expect(throws: CoreError.self) { try store.create("data") }
        #expect(try store.create("data", existingIsFine: true) == made)
        #expect(try store.list().map(\.name) == ["data"])
        let busy = #expect(throws: CoreError.self) { try store.remove("data", users: ["data": ["web", "db"]]) }
        #expect(busy?.description.contains("in use by web, db") == true)
        try store.remove("data")
        #expect(try store.list().isEmpty)
        let missing = #expect(throws: CoreError.self) { try store.inspect("data") }
        #expect(missing?.description.contains("no such volume") == true)
    }

    @Test func mountSpecsBindAndMakeNamedVolumesOnFirstUse() throws {
        let dir = try NetworkTestDirectory("volume")
        defer { dir.remove() }
        let store = VolumeStore(root: dir.path + "/volumes")
        let bind = try VolumeMount(parsing: "\(dir.path):/host:ro")
        let named = try VolumeMount(parsing: "cache:/cache")
        try store.check([bind, named])
        #expect(try store.list().isEmpty, "check makes nothing")
        #expect(try store.mountSpec(for: bind) == MountSpec(destination: "/host", type: "bind", source: dir.path, options: ["rbind", "rprivate", "ro"]))
        let spec = try store.mountSpec(for: named)
        #expect(spec.source == dir.path + "/volumes/cache/_data")
        #expect(!spec.options.contains("ro"))
        #expect(try store.list().map(\.name) == ["cache"])

        let missing = #expect(throws: CoreError.self) { try store.check([try VolumeMount(parsing: "\(dir.path)/nope:/x")]) }
        #expect(missing?.description.contains("does not exist") == true)
        #expect(throws: CoreError.self) { try store.check([bind, try VolumeMount(parsing: "other:/host")]) }
    }
}
