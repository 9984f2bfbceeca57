import Testing
import NamespaceCore
@testable import AppContainers

@Suite struct AppUserTests {
    let files = [
        "/etc/passwd": "root:x:0:0:root:/root:/bin/sh\nwww:x:33:33:web:/var/www:/bin/false\nlone:x:1000:1000::/home/lone:/bin/sh\n",
        "/etc/group": "root:x:0:\nwww:x:33:\nstaff:x:50:www,lone\nlone:x:1000:\n",
    ]
    func read(_ path: String) -> String? { files[path] }

    @Test func emptyIsRoot() throws {
        #expect(try AppUser.resolve("", readFile: read) == AppUser(uid: 0, gid: 0, home: "/root"))
    }

    @Test func nameTakesItsPrimaryAndSupplementaryGroups() throws {
        #expect(try AppUser.resolve("www", readFile: read) == AppUser(uid: 33, gid: 33, additionalGids: [50], home: "/var/www"))
    }

    @Test func uidWithEntryUsesIt() throws {
        #expect(try AppUser.resolve("1000", readFile: read) == AppUser(uid: 1000, gid: 1000, additionalGids: [50], home: "/home/lone"))
    }

    @Test func unknownUidIsGidZeroHomeSlash() throws {
        #expect(try AppUser.resolve("4242", readFile: read) == AppUser(uid: 4242, gid: 0, home: "/"))
    }

    @Test func explicitGroupByNameOrNumber() throws {
        #expect(try AppUser.resolve("www:staff", readFile: read) == AppUser(uid: 33, gid: 50, home: "/var/www"))
        #expect(try AppUser.resolve("4242:77", readFile: read) == AppUser(uid: 4242, gid: 77, home: "/"))
    }

    @Test func unknownNamesAreErrors() {
        #expect(throws: CoreError.self) { try AppUser.resolve("ghost", readFile: read) }
        #expect(throws: CoreError.self) { try AppUser.resolve("www:ghosts", readFile: read) }
    }

    @Test func missingFilesStillAllowNumbers() throws {
        #expect(try AppUser.resolve("12:34", readFile: { _ in nil }) == AppUser(uid: 12, gid: 34, home: "/"))
    }
}
