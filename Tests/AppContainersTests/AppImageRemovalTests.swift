import Foundation
import NamespaceCore
import OCIImages
import Testing
@testable import AppContainers

/// `cbench app rmi` as docker decides it, on a real image store beside a container store.
@Suite struct AppImageRemovalTests {
    struct Stores {
        let temporary: TemporaryAppStore
        let images: ImageStore
        let image: ResolvedImage

        init() throws {
            temporary = try TemporaryAppStore()
            let rootfs = temporary.directory + "/rootfs"
            try FileManager.default.createDirectory(atPath: rootfs + "/etc", withIntermediateDirectories: true)
            try "hello\n".write(toFile: rootfs + "/etc/motd", atomically: false, encoding: .utf8)
            images = ImageStore(root: temporary.store.root)
            image = try images.importRootfs(from: rootfs, as: ImageReference(name: "base"))
        }

        var removal: AppImageRemoval { AppImageRemoval(images: images, containers: temporary.store) }

        func container(_ name: String) throws -> AppContainerRecord {
            try temporary.store.create(config: AppContainerConfig(image: "base", name: name), image: image)
        }
    }

    @Test func anUnusedImageGoesWithItsLayers() throws {
        let stores = try Stores()
        #expect(try stores.removal.remove("base", force: false) == "untagged base:latest")
        #expect(try stores.images.list().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: stores.image.layerDirectories[0]))
    }

    @Test func anImageAContainerUsesIsRefusedWithoutForce() throws {
        let stores = try Stores()
        _ = try stores.container("web")
        #expect { try stores.removal.remove("base:latest", force: false) } throws: { error in
            let text = "\(error)"
            return (error as? CoreError)?.errno == EBUSY && text.contains("web") && text.contains("-f")
        }
        let hex = String(stores.image.manifestDigest.dropFirst(7).prefix(12))
        #expect(throws: CoreError.self) { try stores.removal.remove(hex, force: false) }
        #expect(try stores.images.list().map(\.reference) == [ImageReference(name: "base")])
    }

    /// Forced, the name goes but the image stays untagged, with its layer, for the container.
    @Test func forcedTheImageStaysUntaggedForItsContainers() throws {
        let stores = try Stores()
        _ = try stores.container("web")
        let message = try stores.removal.remove("base", force: true)
        #expect(message.contains("untagged base:latest") && message.contains("web"))
        let left = try stores.images.list()
        #expect(left.count == 1 && left[0].reference == nil && left[0].manifestDigest == stores.image.manifestDigest)
        #expect(FileManager.default.fileExists(atPath: stores.image.layerDirectories[0] + "/etc/motd"))
    }

    /// Another name for the same image: untagging one name needs no force (the image stays).
    @Test func anotherNameIsJustUntagged() throws {
        let stores = try Stores()
        _ = try stores.container("web")
        _ = try stores.images.tag(stores.image, as: ImageReference(name: "alias", tag: "2"))
        #expect(try stores.removal.remove("alias:2", force: false) == "untagged alias:2")
        #expect(try stores.images.list().map(\.reference) == [ImageReference(name: "base")])
    }

    @Test func anImageThatIsNotThereSaysSo() throws {
        let stores = try Stores()
        #expect { try stores.removal.remove("nothere", force: true) } throws: { error in
            "\(error)".contains("not in the image store")
        }
    }
}
