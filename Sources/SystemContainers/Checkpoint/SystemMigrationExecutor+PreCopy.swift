import Checkpoints
import NamespaceCore

extension SystemMigrationExecutor {
    /// Pre-dump `iteration` while the container runs, into `pre-N` here (CRIU's inventory, for
    /// the final dump's parent check); to another host its pages go to the page server the
    /// destination starts for it, which says when it has them all. Returns CRIU's statistics
    /// and whether the pages left this host.
    func preDump(_ iteration: Int, parent: String?, imagePath: String) throws -> (statistics: CheckpointStatistics, sent: Bool) {
        do {
            let pages = try destination.preCopyPages(for: .preDump(iteration: iteration))
            let statistics = try dumpSource(SystemSourceDump(imagePath: "\(imagePath)/\(MigrationMachine.preDumpDirectory(iteration))",
                                                             preDump: true, parentPath: parent, sendPages: pages))
            if pages != nil { try destination.preDumped(iteration) }
            return (statistics, pages != nil)
        } catch {
            throw discardingDestination(after: error)
        }
    }

    /// Pre-copy's final dump, `parent` its last pre-dump (`after`): its pages to the page server
    /// the destination starts for it beside its pre-dumps, or beside its parents here. Returns
    /// CRIU's statistics and where the pages went (nil: here).
    func finalDump(after: Int, parent: String, imagePath: String) throws -> (statistics: CheckpointStatistics, sentTo: PageServerAddress?) {
        do {
            let pages = try destination.preCopyPages(for: .dump(after: after))
            return (try dumpSource(SystemSourceDump(imagePath: imagePath, preDump: false, parentPath: parent, sendPages: pages)), pages)
        } catch {
            throw discardingDestination(after: error)
        }
    }

    /// A pre-copy dump that failed left the source running (CRIU resumes it after a failed
    /// dump, and a pre-dump never stops it); what the destination received of it so far is
    /// removed, as a rollback would. `error`, or it with the discard's failure.
    func discardingDestination(after error: any Error) -> any Error {
        do { try destination.discard(name) } catch let discard {
            return CoreError(stage: "discard \(name) on \(destination.place)", detail: "\(error); removing what it received failed too: \(discard)")
        }
        return error
    }
}
