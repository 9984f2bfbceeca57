import Foundation
import Testing
import NamespaceCore

/// `cbench run` refuses bad input before it measures or makes anything: a missing scenario
/// file, a YAML syntax error, an unknown target in the file or on the command line, a user
/// other than root. Each is one line naming the problem, a non-zero exit, and no results
/// directory.
@Suite(.hostLeakCheck, .serialized, .enabled(if: getuid() == 0 && OCITestHarness.builtExecutable("cbench") != nil, "needs root and a built cbench"))
struct RunBadInputTests {
    static let goodScenario = """
        suite: bad-input
        scenarios:
          - name: startup
            kind: performance
            targets: [cbench-oci]
            rootfs: busybox
            iterations: 1
            workload:
              command: ["true"]

        """

    enum BadInput: String, CaseIterable, Sendable {
        case missingFile, yamlSyntax, targetTypoInFile, targetTypoOnCommandLine, notRoot
    }

    @Test(arguments: BadInput.allCases)
    func refusedWithNothingMade(_ input: BadInput) throws {
        let directory = "/tmp/cbench-runbad-\(getpid())-\(input.rawValue)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = "\(directory)/scenario.yaml", out = "\(directory)/results"
        var extra: [String] = []
        let expected: String
        switch input {
        case .missingFile:
            expected = "\(directory)/none.yaml"
        case .yamlSyntax:
            try "suite: [unclosed\nscenarios:\n".write(toFile: file, atomically: false, encoding: .utf8)
            expected = file
        case .targetTypoInFile:
            try Self.goodScenario.replacingOccurrences(of: "[cbench-oci]", with: "[crunn]").write(toFile: file, atomically: false, encoding: .utf8)
            expected = "unknown target 'crunn'"
        case .targetTypoOnCommandLine:
            try Self.goodScenario.write(toFile: file, atomically: false, encoding: .utf8)
            extra = ["--targets", "crunn"]
            expected = "unknown target 'crunn'"
        case .notRoot:
            // A good file in a directory the user nobody may write to, so a run that went ahead would
            // leave its results directory there.
            try Self.goodScenario.write(toFile: file, atomically: false, encoding: .utf8)
            chmod(directory, 0o777)
            expected = "cbench run starts containers: run it as root"
        }
        let user = input == .notRoot ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"] : []
        let scenario = input == .missingFile ? "\(directory)/none.yaml" : file
        let outcome = user.isEmpty
            ? try BuiltCLI.cbench(["run", scenario, "--out", out, "--quiet"] + extra)
            : try Spawn(user + [try BuiltCLI.cbenchPath(), "run", scenario, "--out", out, "--quiet"] + extra).run()
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains(expected), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
