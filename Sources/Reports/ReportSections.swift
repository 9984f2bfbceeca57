/// Every kind-specific report section. A new kind adds its section type here.
public enum ReportSections {
    public static let registered: [any ReportSection.Type] = [
        ImageUnpackSection.self,
        ApplicationSection.self,
        NetworkSection.self,
        OverheadSection.self,
        DensitySection.self,
    ]

    /// Kinds whose section draws their series itself.
    static var kindsDrawingOwnSeries: Set<String> { Set(registered.filter { $0.drawsOwnSeries }.map { $0.kind }) }

    /// The parts of every registered section whose kind the document ran, in scenario order.
    static func parts(_ input: (String) -> ReportSectionInput?) -> [ReportPart] {
        registered.compactMap { section in input(section.kind).flatMap { section.init().build($0) } }
    }
}
