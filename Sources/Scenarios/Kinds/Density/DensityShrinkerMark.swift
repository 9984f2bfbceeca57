import NamespaceCore
import Results
import Targets

/// `shrinkerMark` of a density scenario: `prime` raises the kernel's shrinker mark before the
/// first ramp to what the largest ramp will reach (`ShrinkerMark`), so every target's memory
/// cgroups pay the same map from their first container and MB per container compares like
/// with like whatever the targets' order; `off` leaves the host's mark as it is.
public enum ShrinkerMarkMode: String, Sendable, CaseIterable {
    case prime, off
}

/// What priming did, filed in the `shrinker mark` table and beside each target's row.
struct DensityShrinkerPriming: Sendable, Equatable {
    /// Superblocks one container of each target made, counted on a sample container.
    var superblocksPerContainer: [String: Int]
    /// Targets whose sample could not be counted, given `assumedSuperblocks`.
    var assumed: [String]
    var hostSuperblocks: Int?
    var burst: SuperblockBurst?
    var before: HostMemorySkew?
    var after: HostMemorySkew?

    /// The mark the burst reached at least: the burst's superblocks and the host's mounted ones.
    var markIds: Int { (burst?.made ?? 0) + (hostSuperblocks ?? 0) }

    /// Whether an empty memory cgroup made after the burst took at least 80% of the map of the
    /// ids the burst held: its kmalloc-1k objects (one per 64 ids), else its Slab (which the
    /// cache's partly free pages can hide). Less: the mark was not raised, or the host freed
    /// meanwhile.
    var check: String {
        guard let burst else { return "not primed: no burst" }
        let units = (burst.made + ShrinkerMark.idsPerUnit - 1) / ShrinkerMark.idsPerUnit
        if let objects = after?.emptyMemoryCgroupKmalloc1k {
            let verdict = Double(objects) >= 0.8 * Double(units) ? "ok" : "below"
            return "\(verdict): an empty memory cgroup took \(objects) kmalloc-1k objects (a mark of about \(objects * 64) ids), "
                + "the map of the \(burst.made) ids made \(units)"
        }
        let expected = ShrinkerMark.mapBytes(ids: burst.made)
        guard let read = after?.emptyMemoryCgroupBytes else {
            return "not checked: no empty memory cgroup reading (map of \(burst.made) ids: \(expected / 1024) kB)"
        }
        let verdict = Double(read) >= 0.8 * Double(expected) ? "ok" : "below"
        return "\(verdict): an empty memory cgroup read \(read / 1024) kB of Slab, the map of \(burst.made) ids \(expected / 1024) kB"
    }

    /// The density row's cell: `91800 superblocks in 2.2 s, ok`.
    var summary: String {
        guard let burst else { return "not primed" }
        var text = "\(burst.made) superblocks in \(String(format: "%.1f", burst.seconds)) s, " + (check.split(separator: ":").first.map(String.init) ?? "")
        if let failure = burst.failure { text += "; stopped at \(failure)" }
        return text
    }
}

/// Counts the superblocks a container of each target makes (one sample container each,
/// started and removed before anything is measured), then holds enough superblocks at once
/// for the largest ramp (`containers` of the target that makes the most) and lets them go.
struct DensityShrinkerMark {
    let kind: DensityKind
    let session: ScenarioSession
    let targets: [any DensityTarget]
    let recording: DensityRecording

    /// Where a sample cannot be counted: crun's 9 (proc, sysfs, mqueue, devpts and five
    /// tmpfs), the most of the app targets counted here.
    static let assumedSuperblocks = 9

    func run() -> DensityShrinkerPriming {
        let host = kind.host
        var counted: [String: Int] = [:]
        var assumed: [String] = []
        for target in targets {
            if session.stop.isRequested { break }
            if let count = sample(target) { counted[target.name] = count } else { assumed.append(target.name) }
        }
        let perContainer = max(counted.values.max() ?? 0, assumed.isEmpty ? 0 : Self.assumedSuperblocks)
        let asked = ShrinkerMark.superblocksToPrime(superblocksPerContainer: perContainer, containers: kind.containers)
        var priming = DensityShrinkerPriming(superblocksPerContainer: counted, assumed: assumed, hostSuperblocks: host.hostSuperblocks())
        priming.before = host.memorySkew()
        session.announce("shrinker mark: \(asked) superblocks at once (\(perContainer) per container x \(kind.containers), with room)")
        priming.burst = host.primeShrinkerMark(superblocks: asked)
        priming.after = host.memorySkew()
        session.progress.note("\(session.scenario.name): shrinker mark: \(priming.summary)")
        return priming
    }

    /// The superblocks one running container of `target` made; nil when it did not start or
    /// could not be counted.
    func sample(_ target: any DensityTarget) -> Int? {
        let ramp = DensityRamp(kind: kind, session: session, target: target, recording: recording)
        let step = PlannedStep(target: target.name, point: [:], iteration: 0, warmup: true)
        guard case .succeeded(let (container, _)) = ramp.startOne(step: step) else { return nil }
        defer {
            _ = try? target.removeIdle(container)
            target.cleanup(container)
        }
        return kind.host.containerSuperblocks(container, target: target)
    }
}
