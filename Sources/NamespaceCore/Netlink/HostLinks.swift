/// A held container's host veth ends, taken down and brought up together: while a migration
/// holds its tree frozen, its kernel must neither answer nor send for it (both modes' holds).
public enum HostLinks {
    /// Takes `links` down. A failure puts every one back up and is thrown under `stage`.
    public static func takeDown(_ links: [String], stage: String, detailSuffix: String = "") throws {
        guard !links.isEmpty else { return }
        do {
            let network = try RouteNetlink()
            for link in links { try network.setDown(link) }
        } catch {
            bringUpIgnoringFailures(links)
            throw CoreError(stage: "\(stage): take the host links down", errno: (error as? CoreError)?.errno, detail: "\(error)\(detailSuffix)")
        }
    }

    /// Brings `links` up; the first failure is thrown under `stage` once every one was tried.
    public static func bringUp(_ links: [String], stage: String) throws {
        guard !links.isEmpty else { return }
        var failure: (any Error)?
        do {
            let network = try RouteNetlink()
            for link in links {
                do { try network.setUp(link) } catch { failure = failure ?? error }
            }
        } catch {
            failure = error
        }
        if let failure {
            throw CoreError(stage: "\(stage): host links up", errno: (failure as? CoreError)?.errno, detail: "\(failure)")
        }
    }

    /// Best effort: `links` up again (a failed dump, a failed hold).
    public static func bringUpIgnoringFailures(_ links: [String]) {
        try? bringUp(links, stage: "")
    }
}
