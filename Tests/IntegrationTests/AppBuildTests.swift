import Foundation
import Glibc
import Testing
import NamespaceCore

/// `cbench app build` and `cbench app commit` through the built CLI, as root, on the imported
/// busybox image in a private store; the images are then run to see what they hold.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root, a built cbench and the busybox rootfs"))
struct AppBuildTests {
    static let containerfile = """
        # a small image on busybox
        FROM busybox
        ENV GREETING="hello build"
        WORKDIR /app
        RUN echo ran > /app/ran.txt && \\
            echo "$GREETING" > /app/env.txt
        COPY hello.txt ./
        CMD ["cat", "/app/ran.txt", "/app/hello.txt"]
        """

    func prepare(_ harness: AppTestHarness, containerfile: String = AppBuildTests.containerfile) throws -> String {
        try harness.ok(["import", AppTestHarness.busyboxRootfs, "busybox"])
        let context = harness.root + "/context"
        try FileManager.default.createDirectory(atPath: context, withIntermediateDirectories: true)
        try containerfile.write(toFile: context + "/Containerfile", atomically: false, encoding: .utf8)
        try "hello v1\n".write(toFile: context + "/hello.txt", atomically: false, encoding: .utf8)
        return context
    }

    func builtID(_ output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix("Successfully built ") }.map { String($0.dropFirst("Successfully built ".count)) }
    }

    @Test func buildRunRebuildAndInvalidate() throws {
        let harness = try AppTestHarness("build")
        defer { harness.tearDown() }
        let context = try prepare(harness)

        let first = try harness.ok(["build", "-t", "built:1", context])
        #expect(first.contains("STEP 1/6: FROM busybox"))
        #expect(first.contains("STEP 4/6: RUN echo ran > /app/ran.txt && "))
        #expect(!first.contains("Using cache"))
        #expect(first.hasSuffix("Successfully tagged built:1\n"))
        let id = try #require(builtID(first))
        // The steps' images are intermediates: listed with -a only, as docker lists them. Shown:
        // the header, built:1, and the busybox image under its two tags (apptest, latest).
        let images = try harness.ok(["images"]).split(separator: "\n")
        #expect(images.count == 4 && !images.contains { $0.hasPrefix("<none>") }, "\(images)")
        let all = try harness.ok(["images", "-a"]).split(separator: "\n")
        #expect(all.filter { $0.hasPrefix("<none>") }.count >= 4, "\(all)")

        #expect(try harness.ok(["run", "--rm", "built:1"]) == "ran\nhello v1\n")
        #expect(try harness.ok(["run", "--rm", "built:1", "sh", "-c", "echo $GREETING; pwd; cat env.txt"])
            == "hello build\n/app\nhello build\n")

        let second = try harness.ok(["build", "-t", "built:1", context])
        #expect(second.components(separatedBy: "---> Using cache").count - 1 == 5, "\(second)")
        #expect(builtID(second) == id)

        try "hello v2\n".write(toFile: context + "/hello.txt", atomically: false, encoding: .utf8)
        let third = try harness.ok(["build", "-t", "built:1", context])
        let copyStep = try #require(third.range(of: "STEP 5/6: COPY"))
        #expect(third[..<copyStep.lowerBound].components(separatedBy: "---> Using cache").count - 1 == 3, "\(third)")
        #expect(!third[copyStep.lowerBound...].contains("Using cache"))
        #expect(builtID(third) != id)
        #expect(try harness.ok(["run", "--rm", "built:1"]) == "ran\nhello v2\n")
        #expect(harness.leftovers().isEmpty)
    }

    /// Stages, `COPY --from`, ADD of a tar.gz and .containerignore, seen from a RUN of a
    /// second build on the result (its output is part of the build's).
    @Test func multiStageAddAndIgnoreThroughTheCLI() throws {
        let harness = try AppTestHarness("buildstages")
        defer { harness.tearDown() }
        let context = try prepare(harness, containerfile: """
            FROM busybox AS builder
            RUN mkdir /out && echo artifact > /out/a.txt && rm /etc/os-release
            FROM busybox
            COPY --from=builder /out/ /from-builder/
            ADD bundle.tar.gz /opt/
            COPY . /ctx/
            RUN test -e /etc/os-release && echo os-release-kept
            """)
        try FileManager.default.createDirectory(atPath: context + "/bundle/sub", withIntermediateDirectories: true)
        try "packed\n".write(toFile: context + "/bundle/sub/p.txt", atomically: false, encoding: .utf8)
        try "secret\n".write(toFile: context + "/secret.key", atomically: false, encoding: .utf8)
        try "*.key\nbundle\n".write(toFile: context + "/.containerignore", atomically: false, encoding: .utf8)
        let tar = try Spawn(["/bin/tar", "-czf", context + "/bundle.tar.gz", "-C", context, "bundle"]).run()
        #expect(tar.status == 0, "\(tar.stderr)")
        let built = try harness.ok(["build", "-t", "staged", context])
        #expect(built.contains("os-release-kept"))

        let checkDirectory = harness.root + "/check"
        try FileManager.default.createDirectory(atPath: checkDirectory, withIntermediateDirectories: true)
        let check = "cat /from-builder/a.txt /opt/bundle/sub/p.txt; ls /ctx | sort | tr '\\n' ' '"
        try "FROM staged\nRUN \(check)\n".write(toFile: checkDirectory + "/Containerfile", atomically: false, encoding: .utf8)
        let output = try harness.ok(["build", checkDirectory])
        #expect(output.contains("artifact\npacked\nContainerfile bundle.tar.gz hello.txt "), "\(output)")
        #expect(harness.leftovers().isEmpty)
    }

    @Test func failingRunStopsTheBuildAndLeavesNoContainer() throws {
        let harness = try AppTestHarness("buildfail")
        defer { harness.tearDown() }
        let context = try prepare(harness, containerfile: "FROM busybox\nRUN echo before; exit 3\nCMD [\"true\"]\n")
        let outcome = try harness.app(["build", "-t", "broken", context])
        #expect(outcome.status != 0)
        #expect(outcome.stdout.contains("before"))
        #expect(outcome.stderr.contains("Containerfile:2 RUN"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("returned a non-zero code: 3"), "\(outcome.stderr)")
        #expect(!outcome.stdout.contains("Successfully"))
        #expect(harness.leftovers().isEmpty)
        #expect(try harness.app(["run", "--rm", "broken"]).status != 0)
    }

    /// Processes whose command line is exactly `words` (NUL-separated in /proc), zombies left out.
    static func processes(running words: [String]) -> [Int32] {
        let wanted = words.joined(separator: "\u{0}")
        return ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry in
            guard let pid = Int32(entry), let stat = HostProcessStat.read(pid: pid), stat.state != "Z",
                  let bytes = try? FileIO.read("/proc/\(entry)/cmdline") else { return nil }
            let text = String(decoding: bytes, as: UTF8.self)
            return text == wanted || text == wanted + "\u{0}" ? pid : nil
        }
    }

    /// SIGTERM while a RUN step runs a shell that started a sleep in the background and
    /// became another: both are killed (a shell as pid 1 ignores SIGTERM, so passing it on
    /// would not do), the step's container and layer are removed, no image is made of it, and
    /// the build exits 143 itself with one line on stderr.
    @Test func sigtermDuringARunStepStopsItAndLeavesNothingOfTheBuild() throws {
        let harness = try AppTestHarness("buildterm")
        defer { harness.tearDown() }
        // Sleep lengths no other process on the host runs, to find the step's processes by.
        let seconds = 7000 + Int(getpid() % 1000)
        let context = try prepare(harness, containerfile: """
            FROM busybox
            RUN echo before > /before.txt
            RUN sleep \(seconds) & exec sleep \(seconds + 1)
            RUN echo never > /never.txt
            """)
        let output = harness.root + "/build-output"
        let build = try Spawn([harness.binary, "app", "build", context], environment: harness.environment,
                              stdout: .file(output + ".out"), stderr: .file(output + ".err")).start()
        var running: [Int32] = []
        for _ in 0..<600 where running.count < 2 {
            running = Self.processes(running: ["sleep", String(seconds)]) + Self.processes(running: ["sleep", String(seconds + 1)])
            if running.count < 2 { usleep(100_000) }
        }
        try #require(running.count == 2, "the RUN step's two sleeps did not start within a minute")
        #expect(kill(build.pid, SIGTERM) == 0)
        // Bounded: a build that goes on gets SIGKILL, and then its container is what leaks.
        var exited = false
        for _ in 0..<600 where !exited {
            // Not reaped here (WNOWAIT): `build.wait()` below does that and reads its output.
            var info = siginfo_t()
            if waitid(P_PID, id_t(build.pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == build.pid {
                exited = true
            } else {
                usleep(100_000)
            }
        }
        if !exited { kill(build.pid, SIGKILL) }
        let outcome = try build.wait()
        #expect(exited, "the build was still running a minute after SIGTERM")
        #expect(outcome.exit == .exited(143), "\(outcome.exit)")
        let message = outcome.stderr.split(separator: "\n")
        #expect(message.count == 1 && message.first?.hasPrefix("cbench app build: stopped by SIGTERM at step 3/4 (RUN sleep") == true,
                "\(outcome.stderr)")
        #expect(!outcome.stdout.contains("STEP 4/4"), "\(outcome.stdout)")
        #expect(Self.processes(running: ["sleep", String(seconds)]).isEmpty && Self.processes(running: ["sleep", String(seconds + 1)]).isEmpty)
        #expect(harness.leftovers().isEmpty, "\(harness.leftovers())")
        let scratch = (try? FileManager.default.contentsOfDirectory(atPath: harness.root + "/build-tmp")) ?? []
        #expect(scratch.isEmpty, "\(scratch)")
        // Only the finished step 2 made an image; nothing of step 3 was committed.
        let images = try harness.ok(["images", "-a"]).split(separator: "\n").filter { $0.hasPrefix("<none>") }
        #expect(images.count == 1, "\(images)")
    }

    @Test func badContainerfileNamesFileAndLine() throws {
        let harness = try AppTestHarness("buildbad")
        defer { harness.tearDown() }
        let context = try prepare(harness, containerfile: "FROM busybox\nCOPY nothing-here.txt /x\n")
        let outcome = try harness.app(["build", context])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("Containerfile:2 COPY: nothing-here.txt: no such file"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    @Test func commitKeepsCreatedFilesAndDropsDeletedOnes() throws {
        let harness = try AppTestHarness("commit")
        defer { harness.tearDown() }
        try harness.ok(["import", AppTestHarness.busyboxRootfs, "busybox"])
        let name = harness.name("changer")
        try harness.ok(["run", "--name", name, "busybox", "sh", "-c", "echo made > /made.txt; rm /etc/os-release; mkdir -p /data/sub"])
        let committed = try harness.ok(["commit", "--change", "CMD [\"cat\", \"/made.txt\"]", "--change", "ENV MARK=committed",
                                        name, "committed:1"])
        #expect(committed.hasPrefix("committed:1 "))
        #expect(try harness.ok(["run", "--rm", "committed:1"]) == "made\n")
        let check = "test -e /etc/os-release && echo present || echo gone; test -d /data/sub && echo dir; echo $MARK"
        #expect(try harness.ok(["run", "--rm", "committed:1", "sh", "-c", check]) == "gone\ndir\ncommitted\n")
        // The base image is unchanged.
        #expect(try harness.ok(["run", "--rm", "busybox", "sh", "-c", "test -e /etc/os-release && echo present"]) == "present\n")
        let bad = try harness.app(["commit", "--change", "RUN true", name, "nope"])
        #expect(bad.status != 0 && bad.stderr.contains("--change 'RUN true'"), "\(bad.stderr)")
    }
}
