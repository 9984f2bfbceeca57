import Foundation
import AppContainers
import Glibc
import NamespaceCore
import OCIImages
import SystemContainers

/// The steps `StackCache.prepare` takes, each skipped when its stamp (what it was made from)
/// still holds, each failing with `stack NAME: STEP: cause`.
struct StackBuildSteps {
    let cache: StackCache
    let runRoot: String
    let say: @Sendable (String) -> Void
    let stop: StopSignal?
    /// Where packages come from: the host's Debian archives (a test gives a mirror of its own).
    var aptSources: @Sendable () -> HostAptSources = { HostAptSources.read() }
    /// How long a stopped `cbench app build` has to end before it is killed.
    var stopGrace = StackCommand.stopGraceSeconds

    var stack: StackDefinition { cache.stack }
    func stage(_ step: String) -> String { "stack \(stack.name): \(step)" }
    var images: ImageStore { ImageStore(root: cache.store) }

    /// The release's minbase root with its init, the one `make setup` bootstraps for the debian
    /// template (made here when missing); its stamp says which dpkg state it holds.
    func locateBase() throws -> (root: String, stamp: String) {
        let stage = stage("debian \(stack.release) root")
        guard let release = DebianRelease(rawValue: stack.release) else {
            throw StackCache.stepError(stage, errno: EINVAL, detail: "no debian template for release \(stack.release)")
        }
        let cache = DebianRootfsCache()
        if access(cache.path(of: release) + "/sbin/init", F_OK) != 0 {
            say("\(stack.name): debootstrap --variant=minbase \(stack.release) (make setup does this; about a minute)")
        }
        let root: String
        do { root = try cache.rootfs(of: release) } catch { throw StackCache.failure(stage, error) }
        var info = stat()
        guard stat(root + "/var/lib/dpkg/status", &info) == 0 else { throw StackCache.stepError("\(stage): stat \(root)/var/lib/dpkg/status", errno: errno) }
        return (root, "\(root) dpkg status of \(info.st_mtim.tv_sec)")
    }

    /// The stack's packages and what they need beyond the base root, fetched by apt on the
    /// host into a local repository (`Packages` from dpkg-scanpackages).
    func fetchPackages(base: (root: String, stamp: String)) throws -> Bool {
        let stage = stage("fetch packages")
        let wanted = "\(stack.packages.sorted().joined(separator: " ")) on \(base.stamp)"
        if cache.stamp(of: cache.debs) == wanted { return false }
        let sources = aptSources().entries(for: stack.release)
        guard !sources.isEmpty else {
            throw StackCache.stepError(stage, errno: ENOENT, detail: "no Debian archive in /etc/apt/sources.list or sources.list.d")
        }
        say("\(stack.name): fetching \(stack.packages.count) packages and their dependencies with apt from \(sources.map(\.uri).uniqued().joined(separator: ", "))")
        let work = "\(cache.root)/apt.partial.\(getpid())"
        defer { StackCache.removePartial(work) }
        try cache.replace(cache.debs, stamp: wanted, stage: stage) { partial in
            let apt = AptOnHost(work: work, status: base.root + "/var/lib/dpkg/status", archives: partial)
            try apt.prepare(sources: sources)
            let log = cache.logPath("apt")
            try StackCommand.run(apt.command(["update"]), stage: stage + ": apt-get update", output: log, stop: stop)
            try StackCommand.run(apt.command(["install", "--download-only", "-y", "--no-install-recommends"] + stack.packages),
                                 stage: stage + ": apt-get install --download-only", output: log, stop: stop)
            try? FileIO.removeTree(partial + "/partial")
            try StackCommand.run(["dpkg-scanpackages", "--multiversion", ".", "/dev/null"], stage: stage + ": dpkg-scanpackages",
                                 directory: partial, output: partial + "/Packages", errors: log, stop: stop)
            let count = ((try? FileIO.names(in: partial)) ?? []).filter { $0.hasSuffix(".deb") }.count
            say("\(stack.name): \(count) packages in the local repository")
        }
        return true
    }

    /// The base root imported as `cbench-NAME/base:RELEASE`.
    func importBase(_ base: (root: String, stamp: String)) throws -> Bool {
        let stage = stage("import the base image")
        let wanted = base.stamp
        let stampPath = cache.stampPath("base-image")
        let current = (try? FileIO.read(stampPath)).map { String(decoding: $0, as: UTF8.self) }
        if current == wanted, (try? images.resolve(stack.baseReference)) != nil { return false }
        say("\(stack.name): importing the base root as \(stack.baseReference)")
        do {
            unlink(stampPath)
            _ = try images.importRootfs(from: base.root, as: try ImageReference(parsing: stack.baseReference))
            try cache.writeStamp(wanted, at: stampPath)
        } catch {
            throw StackCache.failure(stage, error)
        }
        return true
    }

    /// `cbench app build` of one image, its RUN steps with the repository at /srv/cbench-debs.
    /// Cached steps are reused; true when the image changed.
    func build(_ image: StackDefinition.Image) throws -> Bool {
        let reference = stack.reference(ofImage: image.name)
        let stage = stage("build image \(image.name) (\(image.containerfile))")
        let before = try? images.resolve(reference).manifestDigest
        let command = try [CBenchExecutable.locate(), "app", "build", "-f", "\(stack.directory)/\(image.containerfile)", "-t", reference,
                           "-v", "\(cache.debs):\(StackBuildSteps.repositoryMount):ro", stack.directory]
        var progress = BuildProgress()
        do {
            try StackCommand.run(command, stage: stage, environment: ["CBENCH_APP_ROOT": cache.store, "CBENCH_APP_RUN": runRoot],
                                 output: cache.logPath("build-\(image.name)"), stop: stop, stopGrace: stopGrace) { line in
                guard let step = progress.stepRunning(after: line) else { return }
                if !progress.announced {
                    say("\(stack.name): building \(reference) from \(image.containerfile)")
                    progress.announced = true
                }
                say("  \(step)")
            }
        } catch {
            // A build that had to be killed cleaned nothing up: its RUN step's container may
            // still run, a commit may have been cut off midway. The store is only the builds'.
            let stuck = LiveBuildExecutor.removeLeftovers(containers: AppStore(root: cache.store, runRoot: runRoot), images: images)
            guard stuck.isEmpty else {
                throw StackCache.stepError(stage, detail: "\(error); what it left could not all be removed: \(stuck.joined(separator: "; "))")
            }
            throw error
        }
        let after = try? images.resolve(reference).manifestDigest
        return before != after
    }

    /// The app layout's images as one OCI image layout, each named by its whole reference
    /// (its images share the tag `1`, and podman and skopeo find an image by its ref name).
    func saveLayout() throws -> Bool {
        let stage = stage("save the app images as an OCI layout")
        let references = stack.containers.map(\.image).uniqued()
        let digests = try references.map { reference in
            do { return "\(reference)@\(try images.resolve(reference).manifestDigest)" } catch { throw StackCache.failure(stage, error) }
        }
        let wanted = digests.joined(separator: " ") + " named in full"
        if cache.stamp(of: cache.layout) == wanted { return false }
        say("\(stack.name): saving \(references.joined(separator: ", ")) as an OCI image layout")
        try cache.replace(cache.layout, stamp: wanted, stage: stage) { partial in
            try? FileIO.removeTree(partial)
            try images.save(try references.map { try ImageReference(parsing: $0) }, to: partial, fullRefNames: true)
        }
        return true
    }

    /// The system image flattened into a plain root.
    func flattenSystemRoot() throws -> Bool {
        let stage = stage("flatten the system image")
        let reference = stack.reference(ofImage: stack.systemImage)
        let image: ResolvedImage
        do { image = try images.resolve(reference) } catch { throw StackCache.failure(stage, error) }
        if cache.stamp(of: cache.systemRoot) == image.manifestDigest { return false }
        say("\(stack.name): flattening \(reference) into the system layout's root")
        try cache.replace(cache.systemRoot, stamp: image.manifestDigest, stage: stage) { partial in
            try images.unpackFlattened(image, into: partial)
        }
        return true
    }

    /// Where the RUN steps see the local repository (files/install-packages reads it there).
    static let repositoryMount = "/srv/cbench-debs"
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
