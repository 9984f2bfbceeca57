import NamespaceCore
import Results
import Testing
@testable import Scenarios

/// "Layered images shared" from two containers' root mounts and the inodes the host stat'ed.
struct LayeredImageRowTests {
    typealias Sighting = LayeredImageRow.RootSighting
    let row = LayeredImageRow()

    static func mountinfo(_ root: String) -> String {
        """
        600 590 0:50 / / rw,relatime - \(root)
        601 600 0:51 / /proc rw,nosuid - proc proc rw
        """
    }

    @Test func anOverlaysLowerLayerIsStatedWhereItHoldsTheFile() {
        let info = Self.mountinfo("overlay overlay rw,lowerdir=/store/l/UP:/store/l/BASE,upperdir=/store/a/diff,workdir=/store/a/work")
        var asked: [String] = []
        let sighting = Sighting.read(pid: 42, mountinfo: info) { path in
            asked.append(path)
            return path.hasPrefix("/store/l/BASE") ? .success((2049, 777)) : .failure(CoreError(stage: "stat \(path)", errno: 2))
        }
        #expect(asked == ["/store/l/UP/bin/busybox", "/store/l/BASE/bin/busybox"])
        #expect(sighting == Sighting(pid: 42, fsType: "overlay", lowerDirectories: ["/store/l/UP", "/store/l/BASE"],
                                     path: "/store/l/BASE/bin/busybox", device: 2049, inode: 777))
    }

    @Test func anotherRootIsStatedThroughProc() {
        let sighting = Sighting.read(pid: 7, mountinfo: Self.mountinfo("ext4 /dev/vda1 rw")) { _ in .success((2049, 5)) }
        #expect(sighting.path == "/proc/7/root/bin/busybox" && !sighting.isOverlay)
    }

    @Test func twoOverlaysOverOneInodeShareTheLayer() {
        let a = Sighting(pid: 1, fsType: "overlay", lowerDirectories: ["/l/X"], path: "/l/X/bin/busybox", device: 2049, inode: 777)
        let b = Sighting(pid: 2, fsType: "overlay", lowerDirectories: ["/l/X"], path: "/l/X/bin/busybox", device: 2049, inode: 777)
        let cell = row.judge(target: "podman-crun", [a, b])
        #expect(cell.outcome == .supported)
        #expect(cell.detail == "both roots are overlays over one lower layer: bin/busybox is device 8:1 inode 777 in both")
        #expect(cell.evidence.contains("container 2: init pid 2: root overlay, lowerdir /l/X; /l/X/bin/busybox: device 8:1 inode 777"))
    }

    /// The failing case: each container has its own copy of the image.
    @Test func copiesAreNotSupported() {
        let a = Sighting(pid: 1, fsType: "ext4", lowerDirectories: [], path: "/proc/1/root/bin/busybox", device: 2049, inode: 10)
        let b = Sighting(pid: 2, fsType: "ext4", lowerDirectories: [], path: "/proc/2/root/bin/busybox", device: 2049, inode: 11)
        #expect(row.judge(target: "cbench-system", [a, b]).outcome == .notSupported)
    }

    @Test func theGivenDirectoryWithoutLayersIsNotApplicable() {
        let a = Sighting(pid: 1, fsType: "ext4", lowerDirectories: [], path: "/proc/1/root/bin/busybox", device: 2049, inode: 10)
        var b = a
        b.pid = 2
        #expect(row.judge(target: "runc", [a, b]).outcome == .notApplicable)
    }

    @Test func aRootThatCouldNotBeStatedFailsToMeasure() {
        let a = Sighting.read(pid: 1, mountinfo: nil) { _ in .failure(CoreError(stage: "stat", errno: 2)) }
        #expect(a.error?.isEmpty == false)
        #expect(row.judge(target: "x", [a, a]).outcome == .failed)
    }
}
