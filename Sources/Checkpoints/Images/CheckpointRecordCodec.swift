import JSONRecords
import NamespaceCore

/// The module's records (manifest, journal) through the project's one record codec; owner-only
/// files, because a manifest names the container's paths.
enum CheckpointRecordCodec {
    static func write<T: Encodable>(_ value: T, to path: String) throws(CheckpointError) {
        try JSONRecord.write(value, to: path, mode: 0o600)
    }

    static func read<T: Decodable>(_ type: T.Type, from path: String) throws(CheckpointError) -> T {
        try JSONRecord.read(type, from: path)
    }
}
