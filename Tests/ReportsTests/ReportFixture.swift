import Foundation
import Reports
import Results

/// A results document as the scenario runner would write it: three targets,
/// a feature matrix with a failed cell, a plain latency scenario and a sweep.
/// Samples come from a seeded generator, so every run sees the same numbers.
enum ReportFixture {
    static let targets = ["cbench-app", "crun", "runc"]

    static func document() -> ResultsDocument {
        var generator = SplitMix64(seed: 2024)
        func noisy(_ center: Double, spread: Double, count: Int) -> [Double] {
            (0..<count).map { _ in
                let unit = Double(generator.next() >> 11) / Double(1 << 53)
                return center * (1 + spread * (unit - 0.5)) + (unit > 0.95 ? center * 0.5 : 0)
            }
        }
        let environment = Environment(
            kernel: "6.18.0", distribution: "Debian GNU/Linux 12 (bookworm)",
            cpuModel: "QEMU Virtual CPU", cores: 2, memoryBytes: 24 * 1_073_741_824, cgroupMode: "hybrid",
            limits: ["kernel.pid_max": "32768", "kernel.keys.maxkeys": "200", "fs.inotify.max_user_instances": "128", "nofile": "20000"],
            versions: ["crun": "1.8.1", "runc": "1.1.5", "criu": "4.1.1", "gnuplot": "5.4.4", "libpfm4": "4.13.0"],
            cbenchCommit: "2b8cbd3")
        let features: [FeatureResult] = [
            FeatureResult(feature: "user namespace", target: "cbench-app", outcome: .supported, evidence: "uid_map: 0 100000 65536"),
            FeatureResult(feature: "user namespace", target: "crun", outcome: .supported, evidence: "uid_map: 0 100000 65536"),
            FeatureResult(feature: "user namespace", target: "runc", outcome: .supported, evidence: "uid_map: 0 100000 65536"),
            FeatureResult(feature: "seccomp filter", target: "cbench-app", outcome: .supported, evidence: "Seccomp: 2\nSeccomp_filters: 1"),
            FeatureResult(feature: "seccomp filter", target: "crun", outcome: .supported, evidence: "Seccomp: 2\nSeccomp_filters: 1"),
            FeatureResult(feature: "seccomp filter", target: "runc", outcome: .failed, evidence: "probe exited with signal 11 before printing\n<no output>", detail: "probe crashed (SIGSEGV)"),
            FeatureResult(feature: "checkpoint/restore", target: "cbench-app", outcome: .notSupported, evidence: "criu: not wired yet", detail: "not implemented"),
            FeatureResult(feature: "checkpoint/restore", target: "crun", outcome: .notSupported, evidence: "crun: checkpoint: this version of crun was built without CRIU support", detail: "built without CRIU"),
            FeatureResult(feature: "checkpoint/restore", target: "runc", outcome: .supported, evidence: "runc checkpoint: ok | restore: ok"),
        ]
        var measurements: [MetricSamples] = []
        let startup = ["cbench-app": 5.0, "crun": 9.0, "runc": 26.0]
        for target in targets {
            measurements.append(MetricSamples(
                scenario: "startup", metric: "start-to-exit", unit: "ms", target: target,
                samples: noisy(startup[target] ?? 1, spread: 0.3, count: 40)))
        }
        let perContainer = ["cbench-app": 0.45, "crun": 0.55, "runc": 0.5]
        for target in targets {
            for count in [10, 50, 100, 200] {
                measurements.append(MetricSamples(
                    scenario: "density", metric: "memory per container", unit: "MB", target: target,
                    parameters: ["containers": String(count)],
                    samples: noisy((perContainer[target] ?? 1) * (1 + 10 / Double(count)), spread: 0.1, count: 5)))
            }
        }
        return ResultsDocument(
            suite: "smoke",
            startedAt: Date(timeIntervalSince1970: 1_790_000_000),
            finishedAt: Date(timeIntervalSince1970: 1_790_000_600),
            environment: environment,
            targets: targets.map { TargetInfo(name: $0, version: $0 == "crun" ? "1.8.1" : ($0 == "runc" ? "1.1.5" : "dev")) },
            features: features,
            measurements: measurements,
            scenarios: [
                ScenarioEntry(name: "startup", kind: "performance", iterations: 40, metrics: [
                    MetricDefinition(name: "start-to-exit", unit: "ms", better: .lower,
                                     coverage: ["runc": "runc create + start + wait + delete", "*": "the whole run"]),
                ]),
                ScenarioEntry(name: "density", kind: "performance", iterations: 5, metrics: [
                    MetricDefinition(name: "memory per container", unit: "MB", better: .lower, resolution: 0.25),
                ]),
            ],
            failures: [
                FailureRecord(scenario: "startup", target: "runc", iteration: 3, stage: "exit", error: "the container ended with exit 1: boom"),
                FailureRecord(scenario: "startup", target: "runc", iteration: 0, warmup: true, stage: "prepare", error: "write bundle: ENOSPC"),
            ],
            notes: [ScenarioNote(scenario: "density", target: "crun", category: .limit, text: "stopped by kernel.pid_max=32768")],
            tables: [ResultTable(scenario: "density", name: "stops", title: "Why each ramp stopped", columns: ["target", "N"],
                                 rows: [[.text("crun"), .number(200)]])])
    }
}
