/// What an observer of an archive's entries sees as they are written or extracted: an entry
/// (its name relative to the tree), then each block of its data.
public enum ArchiveEntryEvent {
    case entry(String)
    case data(UnsafeRawBufferPointer)
}
