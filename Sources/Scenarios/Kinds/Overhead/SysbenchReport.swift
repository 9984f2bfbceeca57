/// What `sysbench cpu run` prints: sysbench 1.0 has machine-readable reports (report_json)
/// only for Lua-scripted tests, so its text is read: `total time:` (seconds), `total number
/// of events:` and `events per second:`.
public struct SysbenchReport: Sendable, Equatable {
    public var totalSeconds: Double
    public var events: Int
    public var eventsPerSecond: Double

    public init(text: String) throws {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            values[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let total = values["total time"], total.hasSuffix("s"), let seconds = Double(total.dropLast()) else {
            throw StepFailure(stage: "parse sysbench", "no 'total time:' in sysbench's output: \(text.prefix(200))")
        }
        guard let events = values["total number of events"].flatMap({ Int($0) }),
              let rate = values["events per second"].flatMap({ Double($0) }) else {
            throw StepFailure(stage: "parse sysbench", "no event count or rate in sysbench's output")
        }
        totalSeconds = seconds
        self.events = events
        eventsPerSecond = rate
    }
}
