extension OverheadTable {
    /// Where one result of ours lies against podman's intervals for the same job: inside one
    /// of them, better than all of them (faster, for a throughput) or otherwise (slower).
    enum AgainstPodman: Equatable {
        case within, faster, slower
    }

    /// `ours` against `podman`'s rows: within when an interval holds our ratio; faster when
    /// our ratio is on the better side of every interval; else slower. A result below one of
    /// podman's intervals and above another counts as slower, so the slower side is never
    /// excused.
    static func against(podman: [Row], _ ours: Row) -> AgainstPodman {
        if podman.contains(where: { $0.estimate.low <= ours.estimate.ratio && ours.estimate.ratio <= $0.estimate.high }) {
            return .within
        }
        let better = podman.allSatisfy { row in
            ours.better == .higher ? ours.estimate.ratio > row.estimate.high : ours.estimate.ratio < row.estimate.low
        }
        return better ? .faster : .slower
    }

    /// The goal "file I/O on our overlay is within the interval of podman's overlay", judged
    /// job by job. A job where ours beat podman's interval is said to be faster, in its own
    /// words, not counted as a miss; the goal is missed by any job slower than podman's.
    func fioGoalLine() -> String {
        let judged = rows.filter { $0.target == Self.ownOverlay && $0.point["storage"] == "root" }.compactMap { ours -> (Row, [Row])? in
            let podman = Self.podmanOverlays.compactMap { row($0, ours.metric, ours.point) }
            return podman.isEmpty ? nil : (ours, podman)
        }
        guard !judged.isEmpty else { return "file I/O on cbench app's overlay against podman's: not measured in this run." }
        func listed(_ placed: AgainstPodman) -> [String] {
            judged.filter { Self.against(podman: $0.1, $0.0) == placed }.map { ours, podman in
                "\(ours.metric) \(Formatting.ratio(ours.estimate.ratio)) against "
                    + podman.map { "\($0.target) \(Self.interval($0.estimate))" }.joined(separator: ", ")
            }
        }
        let faster = listed(.faster), slower = listed(.slower)
        let within = judged.count - faster.count - slower.count
        let head = "file I/O on cbench app's overlay within podman's interval: "
        if faster.isEmpty && slower.isEmpty { return head + "met on all \(judged.count) fio jobs." }
        let fasterText = faster.isEmpty ? "" : "ours faster than podman's on \(faster.count) of \(judged.count) fio jobs ("
            + faster.joined(separator: "; ") + ")"
        guard slower.isEmpty else {
            return head + "missed: ours slower than podman's on \(slower.count) of \(judged.count) fio jobs (" + slower.joined(separator: "; ") + ")"
                + (faster.isEmpty ? "" : "; " + fasterText) + "; within it on \(within)."
        }
        return head + fasterText + ", within its interval on the other \(within), slower on none."
    }
}
