import ArgumentParser
import Doctor
import NamespaceCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that this host can build, test and measure ContainerBench.",
        discussion: "Prints one OK/WARN/FAIL line per check, with the fix for each problem. "
            + "Exits 1 when something `make test` needs is missing."
    )

    @Flag(name: .long, help: "Print the facts, tool versions and checks as JSON.")
    var json = false

    func run() throws {
        let doctor = HostDoctor(
            environment: ProcessEnvironment.values(["CBENCH_BUSYBOX_ROOTFS", "CBENCH_PROBE"])
        )
        let report = doctor.run()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            report.checks.forEach { print($0.rendered) }
            let counts = [DoctorCheck.Status.ok, .warn, .fail].map { status in
                "\(report.checks.filter { $0.status == status }.count) \(status.rawValue)"
            }
            print("doctor: " + counts.joined(separator: ", "))
        }
        if report.hasFailures { throw ExitCode(1) }
    }
}
