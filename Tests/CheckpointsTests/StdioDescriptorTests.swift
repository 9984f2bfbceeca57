import Testing
@testable import Checkpoints

/// How the init's stdio is judged from /proc: pipes and host files are replaced on restore.
struct StdioDescriptorTests {
    @Test func pipesHostFilesAndInsideFilesAreToldApart() {
        let mounts: Set<Int> = [100, 101]
        #expect(StdioDescriptors.classify(link: "pipe:[123]", inode: 123, mountID: 15, containerMounts: mounts) == .pipe(inode: 123))
        #expect(StdioDescriptors.classify(link: "/var/log/app.log", inode: 9, mountID: 22, containerMounts: mounts)
                == .hostFile(mountID: 22, inode: 9, path: "/var/log/app.log"))
        #expect(StdioDescriptors.classify(link: "/dev/null", inode: 5, mountID: 101, containerMounts: mounts) == .inside(path: "/dev/null"))
        #expect(StdioDescriptors.classify(link: "socket:[44]", inode: 44, mountID: 9, containerMounts: mounts) == .inside(path: "socket:[44]"))
    }

    @Test func fdinfoAndMountinfoAreParsed() {
        #expect(StdioDescriptors.mountID(fdinfo: "pos:\t0\nflags:\t0100002\nmnt_id:\t31\nino:\t5\n") == 31)
        #expect(StdioDescriptors.containerMountIDs(mountinfo: "100 99 0:45 / / rw - overlay o rw\n101 100 0:5 / /dev rw - tmpfs t rw\n") == [100, 101])
    }

    @Test func sharedKeysAreInheritedOnce() {
        let stdio = StdioDescriptors(entries: [.inside(path: "/dev/null"), .pipe(inode: 8), .pipe(inode: 8)])
        #expect(stdio.inheritedDescriptors == [InheritedDescriptor(key: "pipe:[8]", fd: 1)])
        #expect(stdio.externalResources.isEmpty)
    }
}
