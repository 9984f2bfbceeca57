import Testing
@testable import Scenarios

/// How the helpers counted in a layout's memory are named in the checks table: as `ps` shows
/// them, cbench's own by their subcommand, each name once with its count and summed PSS.
struct LayoutHelperTests {
    @Test func namesAsPsShowsThem() {
        #expect(LayoutHelper.name(commandLine: ["/usr/bin/conmon", "--api-version", "1", "-c", "abc"]) == "conmon")
        #expect(LayoutHelper.name(commandLine: ["[lxc monitor] /var/lib/cbench/lxc wiki-1"]) == "[lxc monitor]")
        #expect(LayoutHelper.name(commandLine: ["/opt/cbench/bin/cbench", "app", "_forward", "127.0.0.1:4000:80"]) == "cbench app _forward")
        #expect(LayoutHelper.name(commandLine: ["/opt/cbench/bin/cbench", "app", "_supervise", "0123abcd"]) == "cbench app _supervise")
        #expect(LayoutHelper.name(commandLine: ["/opt/cbench/bin/cbench", "--verbose"]) == "cbench")
        #expect(LayoutHelper.name(commandLine: ["/opt/cbench/libexec/cbench-monitor", "/run/cbench/app"]) == "cbench-monitor")
        #expect(LayoutHelper.name(commandLine: []) == "(gone)")
    }

    @Test func summaryCountsEachNameOnceInFirstSeenOrder() {
        let helpers = [
            LayoutHelper(name: "containerd-shim-runc-v2", megabytes: 6.0), LayoutHelper(name: "dockerd", megabytes: 40.25),
            LayoutHelper(name: "containerd-shim-runc-v2", megabytes: 6.5), LayoutHelper(name: "cbench app _forward", megabytes: 3.04),
        ]
        #expect(LayoutHelper.summary(helpers) == "containerd-shim-runc-v2 ×2 12.5 MB, dockerd ×1 40.3 MB, cbench app _forward ×1 3.0 MB")
        #expect(LayoutHelper.summary([]) == "none")
    }
}
