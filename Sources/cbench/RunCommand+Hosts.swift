import ArgumentParser
import Foundation
import Hosts
import NamespaceCore
import Results

/// `cbench run --hosts INVENTORY [--limit PATTERN] FILES...`: the suite on every host of an
/// Ansible-style inventory over ssh (Hosts/Remote), results fetched into OUT/hosts/NAME/.
enum RemoteRunCommand {
    static func run(inventoryPath: String, limit: String?, files: [String], targets: String?, out: String?) throws {
        let inventory: Inventory
        do { inventory = try Inventory.parse(file: inventoryPath) } catch { throw ValidationError("\(error)") }
        let hosts = inventory.hosts(matching: limit)
        guard !hosts.isEmpty else {
            throw ValidationError("inventory \(inventoryPath): no host matches '\(limit ?? "all")'")
        }
        let scenarioFiles = files.isEmpty ? ["Scenarios/quick.yaml"] : files
        for file in scenarioFiles where !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("scenario file \(file) cannot be read")
        }
        let executable = try CBenchExecutable.locate()
        let directory = (executable as NSString).deletingLastPathComponent
        // The static helpers the suite needs inside containers, where a build left them.
        let helpers = ["cbench-probe", "cbench-init", "cbench-pingpong"].compactMap { name in
            [ProcessEnvironment.values(["CBENCH_PROBE"])["CBENCH_PROBE"].map { ($0 as NSString).deletingLastPathComponent + "/" + name },
             directory + "/" + name, (directory as NSString).deletingLastPathComponent + "/" + name]
                .compactMap { $0 }.first(where: ExecutablePath.isExecutableFile)
        }
        let outDirectory = out ?? "Results/\(RunCommand.today())-hosts"
        let request = RemoteSuiteRun.Request(hosts: hosts, executable: executable, helpers: helpers, scenarioFiles: scenarioFiles,
                                             runArguments: targets.map { ["--targets", $0] } ?? [], outDirectory: outDirectory)
        let outcomes = try RemoteSuiteRun().run(request)
        let failed = outcomes.filter(\.failed)
        print("\(outDirectory)/hosts.json: \(outcomes.count - failed.count) of \(outcomes.count) hosts ok")
        // One document and report of every host, the failed ones marked so.
        let inputs = HostResultsInput.collect(arguments: [], outcomes: try HostResultsInput.outcomes(from: outDirectory + "/hosts.json"))
        print(try MergeCommand.write(inputs, into: outDirectory))
        if !failed.isEmpty { throw ExitCode(1) }
    }
}
