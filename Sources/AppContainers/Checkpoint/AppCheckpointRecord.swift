/// What a checkpoint keeps beside CRIU's images (`cbench-app.json`): the container's record
/// (an import makes a new container from it) and where it was attached, so the restored one
/// gets its address back.
public struct AppCheckpointRecord: Codable, Sendable, Equatable {
    public static let fileName = "cbench-app.json"
    public var record: AppContainerRecord
    public var attachments: [AppNetworkAttachment]

    public init(record: AppContainerRecord, attachments: [AppNetworkAttachment]) {
        self.record = record
        self.attachments = attachments
    }

    static func path(in directory: String) -> String { "\(directory)/\(fileName)" }
}
