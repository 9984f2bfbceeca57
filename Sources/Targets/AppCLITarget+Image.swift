import NamespaceCore

/// `cbench app commit` of the stopped container, `save` of that image to an OCI image
/// layout, `load` of the layout into a second store of the run, and `run` there.
extension AppCLITarget: ImagingTarget {
    var elsewhereStore: String { "\(context.workDirectory)/app-cli-store-elsewhere" }
    var elsewhereRun: String { "\(context.stateRoot)/app-cli-elsewhere" }
    /// A name without a registry: `cbench app load` gives a loaded image its short name
    /// (`localhost/` dropped, as podman and docker show them), so only such a name comes back as it left.
    func imageElsewhere(of container: PreparedContainer) -> String { "cbench-image-\(container.id):latest" }

    public var imageMeans: String {
        "\(name) commit of the stopped container, save to an OCI image layout, load into a second store (\(elsewhereStore)), run there"
    }

    public func runElsewhere(_ container: PreparedContainer, id: String, archive: String) throws -> ContainerRun {
        let image = imageElsewhere(of: container)
        for (arguments, stage, store) in [(["commit", container.id, image], "commit \(container.id)", nil),
                                          (["save", image, archive], "save \(image)", nil),
                                          (["load", archive], "load \(archive) into \(elsewhereStore)", elsewhereStore)] {
            let outcome = try command(arguments, store: store, run: store == nil ? nil : elsewhereRun).run()
            guard outcome.status == 0 else {
                throw CoreError(stage: "\(name) \(stage)", detail: "exit \(outcome.status): \((outcome.stderr + outcome.stdout).firstLine())")
            }
        }
        let run = ["run", "--rm", "--name", id] + DockerStyleArguments.extra(for: container.workload) + [image] + container.workload.args
        return try RealTargetSupport.runWhole(try command(run, store: elsewhereStore, run: elsewhereRun), container, stage: "\(name) run \(id) in \(elsewhereStore)")
    }

    public func removeElsewhere(_ container: PreparedContainer, id: String, archive: String) {
        _ = try? command(["rm", "-f", id], store: elsewhereStore, run: elsewhereRun).run()
        _ = try? command(["rmi", imageElsewhere(of: container)]).run()
        RealTargetSupport.removeOwnedTree(elsewhereStore)
        RealTargetSupport.removeOwnedTree(elsewhereRun)
        try? FileIO.removeTree(archive)
    }
}
