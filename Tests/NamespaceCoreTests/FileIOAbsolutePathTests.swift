import Testing
@testable import NamespaceCore

@Suite struct FileIOAbsolutePathTests {
    @Test(arguments: [
        (".build/cbench-probe", "/work/main", "/work/main/.build/cbench-probe"),
        ("./bundle/", "/work", "/work/bundle"),
        ("././x", "/", "/x"),
        (".", "/srv", "/srv"),
        ("", "/srv", "/srv"),
        ("/abs/path/", "/ignored", "/abs/path"),
    ])
    func aRelativePathIsTheWorkingDirectorys(path: String, directory: String, expected: String) {
        #expect(FileIO.absolutePath(path, from: directory) == expected)
    }

    @Test func theWorkingDirectoryIsRead() {
        #expect(FileIO.absolutePath("x").hasPrefix("/"))
        #expect(FileIO.absolutePath("/already") == "/already")
    }
}
