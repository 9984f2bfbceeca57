import Foundation
import Glibc
import NamespaceCore
import Results
import Targets

/// `kind: image-unpack`: how long unpacking one OCI image layout takes, cbench's image store
/// (`cbench app load`, and in process) against `umoci unpack`, on the very same layout. The
/// image is made for the run (`TestImage`): half incompressible, half text. A `megabytes`
/// sweep parameter takes the place of the `megabytes` key at each point.
public struct ImageUnpackKind: ScenarioKind {
    public static let name = "image-unpack"
    public static let keys: Set<String> = ["megabytes"]
    public static let metric = "unpack"

    /// Size of the image's files before compression, in MiB.
    public var megabytes: Int

    public init(megabytes: Int = 100) {
        self.megabytes = megabytes
    }

    public init(fields: ScenarioFields) throws {
        megabytes = try fields.count("megabytes", minimum: 1) ?? 100
        if fields.sweepParameters.contains("megabytes"), fields.has("megabytes") {
            throw fields.error("megabytes", "give the size either here or as a sweep parameter, not both")
        }
    }

    public var requirement: TargetRequirement {
        .capability((any ImageUnpackingTarget).self, "image unpacking (ImageUnpackingTarget)")
    }

    func megabytes(at point: [String: String]) -> Int {
        point["megabytes"].flatMap { Int($0) } ?? megabytes
    }

    public func run(_ session: ScenarioSession) throws {
        var images: [Int: TestImage] = [:]
        for point in session.scenario.sweepPoints {
            let size = megabytes(at: point)
            guard images[size] == nil else { continue }
            session.progress.note("\(session.scenario.name): making a \(size) MiB test image")
            images[size] = try TestImage.make(megabytes: size, in: "\(session.workDirectory)/image-\(size)")
        }
        session.recorder.table(
            "image", title: "The unpacked images", columns: ["MiB of files", "files", "MB of blobs"],
            rows: images.keys.sorted().compactMap { size in
                images[size].map { [.number(Double(size)), .number(Double($0.files)), .number(Double($0.blobBytes) / 1e6)] }
            },
            note: "Half random bytes in 1 MiB files, half text in 20 kB files; one tar+gzip layer.")
        var coverage: [String: String] = [:]
        for target in session.targets {
            if let unpacking = target as? any ImageUnpackingTarget { coverage[target.name] = unpacking.unpackCoverage }
        }
        let definition = MetricDefinition(name: Self.metric, unit: "ms", better: .lower,
                                          description: "unpacking the image layout into a fresh directory", coverage: coverage)
        session.recorder.define(definition)
        session.runPlan(work: { step, target in
            guard let unpacking = target as? any ImageUnpackingTarget, let image = images[megabytes(at: step.point)] else {
                throw StepFailure(stage: "prepare", "\(target.name) does not unpack images")
            }
            let destination = "\(session.workDirectory)/unpack-\(session.containerID())"
            try FileIO.makeDirectories(destination, mode: 0o755)
            // The previous step's dirty pages must not be written back during this one.
            sync()
            return StepWork(run: { try unpacking.unpack(layout: image.layout, reference: image.reference, into: destination) },
                            cleanup: { try? FileIO.removeTree(destination) })
        }, record: { run, step, target in
            guard let milliseconds = run.phase("unpack")?.milliseconds else { return }
            session.recorder.sample(definition, target: target.name, parameters: step.point, value: milliseconds)
        })
    }
}
