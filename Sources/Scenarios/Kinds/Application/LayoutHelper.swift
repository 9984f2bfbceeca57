/// A process serving a layout's containers from outside them, as the report lists it.
struct LayoutHelper: Sendable, Equatable {
    var name: String
    /// Its proportional set size, in MB.
    var megabytes: Double

    /// What `ps` would call it: a title a process gave itself (`[lxc monitor]`), else the
    /// program's file name, with the subcommand for cbench's own helpers (`cbench app _forward`).
    static func name(commandLine: [String]) -> String {
        guard let first = commandLine.first else { return "(gone)" }
        if first.hasPrefix("["), let close = first.firstIndex(of: "]") { return String(first[...close]) }
        let program = String(first.split(separator: "/").last ?? Substring(first))
        guard program.hasPrefix("cbench"), program != "cbench-monitor" else { return program }
        return ([program] + commandLine.dropFirst().prefix { !$0.hasPrefix("-") }.prefix(2)).joined(separator: " ")
    }

    /// `name ×count PSS MB` per distinct name, in first-seen order.
    static func summary(_ helpers: [LayoutHelper]) -> String {
        var order: [String] = []
        var totals: [String: (count: Int, megabytes: Double)] = [:]
        for helper in helpers {
            if totals[helper.name] == nil { order.append(helper.name) }
            totals[helper.name, default: (0, 0)].count += 1
            totals[helper.name, default: (0, 0)].megabytes += helper.megabytes
        }
        guard !order.isEmpty else { return "none" }
        return order.compactMap { name in
            totals[name].map { "\(name) ×\($0.count) \((($0.megabytes * 10).rounded() / 10)) MB" }
        }.joined(separator: ", ")
    }
}
