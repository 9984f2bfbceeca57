/// Every kind a scenario file may name. A new kind adds its type to `registered`, and
/// nothing else in the runner, the parser or the results changes.
public enum ScenarioKinds {
    public static let registered: [any ScenarioKind.Type] = [
        FeatureKind.self,
        PerformanceKind.self,
        ImageUnpackKind.self,
        ApplicationKind.self,
        NetworkKind.self,
        OverheadKind.self,
        DensityKind.self,
        MigrationKind.self,
    ]

    public static func kind(named name: String) -> (any ScenarioKind.Type)? {
        registered.first { $0.name == name }
    }

    public static var names: [String] { registered.map { $0.name } }
}
