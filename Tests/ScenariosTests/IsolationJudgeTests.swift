import Foundation
import NamespaceCore
import Testing
@testable import Scenarios

/// Process isolation from fixed probe reports: no root, no containers.
struct IsolationJudgeTests {
    let host = ProbeReport.Namespaces(mnt: 1, pid: 2, net: 3, uts: 4, ipc: 5, user: 6, cgroup: 7, time: 8)

    func report(pidNamespace: UInt64, pid: Int32, visible: [Int32]) throws -> ProbeReport {
        let json = """
        {"probe_version":1,"namespaces":{"mnt":11,"pid":\(pidNamespace),"net":13,"uts":14,"ipc":15,"user":16},
         "pid":\(pid),"visible_pids":[\(visible.map(String.init).joined(separator: ","))]}
        """
        return try ProbeReport.decode(json)
    }

    func judge() -> IsolationJudge {
        IsolationJudge(host: host, marker: nil, loopbackService: nil, runnerPid: 4242, hostProcessCount: 120)
    }

    @Test func probeAsPidOneIsIsolated() throws {
        let cell = judge().judge("process", report: try report(pidNamespace: 12, pid: 1, visible: [1]), target: "t")
        #expect(cell.outcome == .supported, "\(cell.evidence)")
    }

    /// lxc-execute runs the probe under its own init: pid 2 is still isolated.
    @Test func probeUnderTheTargetsInitIsIsolated() throws {
        let cell = judge().judge("process", report: try report(pidNamespace: 12, pid: 2, visible: [1, 2]), target: "t")
        #expect(cell.outcome == .supported, "\(cell.evidence)")
    }

    @Test func theHostPidNamespaceIsNotIsolated() throws {
        let cell = judge().judge("process", report: try report(pidNamespace: 2, pid: 900, visible: [1, 2, 900, 4242]), target: "t")
        #expect(cell.outcome == .notSupported)
        #expect(cell.evidence.contains("NOT: pid namespace"))
        #expect(cell.evidence.contains("NOT: runner's host pid 4242 visible"))
    }
}
