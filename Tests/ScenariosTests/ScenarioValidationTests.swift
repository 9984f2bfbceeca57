import Testing
@testable import Scenarios

/// Malformed scenario files are rejected before anything runs, with file, line and key.
struct ScenarioValidationTests {
    let parser = ScenarioParser(busyboxRootfs: "/fake/busybox", rootfsExists: { $0 == "/fake/busybox" })

    func reject(_ text: String) -> ScenarioError? {
        do {
            _ = try parser.parse(text: text, file: "t.yaml", defaultName: "t")
            return nil
        } catch let error as ScenarioError {
            return error
        } catch {
            return nil
        }
    }

    let valid = """
    name: startup
    kind: performance
    rootfs: busybox
    iterations: 2
    workload:
      command: ["true"]
    """

    @Test func validFileParses() throws {
        let suite = try parser.parse(text: valid, file: "t.yaml", defaultName: "t")
        let kind = try #require(suite.scenarios.first?.kind as? PerformanceKind)
        #expect(kind.workload.rootfs == "/fake/busybox")
        #expect(suite.scenarios.first?.iterations == 2)
        #expect(kind.metrics == PerformanceKind.defaultMetrics)
    }

    @Test func unknownKey() throws {
        let error = try #require(reject(valid + "\ncolour: blue"))
        #expect(error.line == 7)
        #expect(error.key == "colour")
    }

    @Test func wrongType() throws {
        let error = try #require(reject(valid.replacingOccurrences(of: "iterations: 2", with: "iterations: many")))
        #expect(error.line == 4)
        #expect(error.key == "iterations")
        #expect(error.message.contains("many"))
    }

    @Test func unknownTarget() throws {
        let error = try #require(reject(valid + "\ntargets: [crun, dockr]"))
        #expect(error.line == 7)
        #expect(error.message.contains("dockr"))
    }

    @Test func missingRootfs() throws {
        let error = try #require(reject(valid.replacingOccurrences(of: "rootfs: busybox\n", with: "")))
        #expect(error.key == "rootfs")
        #expect(error.message.contains("missing"))
    }

    @Test func rootfsThatDoesNotExist() throws {
        let error = try #require(reject(valid.replacingOccurrences(of: "rootfs: busybox", with: "rootfs: /nowhere")))
        #expect(error.line == 3)
        #expect(error.message.contains("/nowhere"))
    }

    @Test func unknownWorkloadKeyInASuite() throws {
        let text = """
        suite: s
        scenarios:
          - name: a
            kind: feature
            rootfs: busybox
            probes: [uts]
            workload:
              command: [x]
              shell: yes
        """
        let error = try #require(reject(text))
        #expect(error.line == 9)
        #expect(error.key == "scenarios[0].workload.shell")
    }

    @Test func unknownKindListsTheRegisteredOnes() throws {
        let error = try #require(reject(valid.replacingOccurrences(of: "kind: performance", with: "kind: speed")))
        #expect(error.line == 2)
        #expect(error.key == "kind")
        #expect(error.message.contains("feature, performance, image-unpack"))
    }

    @Test func aKeyOfAnotherKindIsUnknown() throws {
        let error = try #require(reject(valid + "\nprobes: [uts]"))
        #expect(error.line == 7)
        #expect(error.key == "probes")
        #expect(error.message.contains("unknown key"))
    }

    @Test func aKindReadsItsOwnKeys() throws {
        let text = """
        name: unpack
        kind: image-unpack
        iterations: 3
        megabytes: 20
        """
        let suite = try parser.parse(text: text, file: "t.yaml", defaultName: "t")
        let kind = try #require(suite.scenarios.first?.kind as? ImageUnpackKind)
        #expect(kind.megabytes == 20)
        #expect(suite.scenarios.first?.kindName == "image-unpack")
        let error = try #require(reject(text.replacingOccurrences(of: "megabytes: 20", with: "megabytes: 0")))
        #expect(error.line == 4)
        #expect(error.key == "megabytes")
        let both = try #require(reject(text + "\nsweep:\n  megabytes: [10, 20]"))
        #expect(both.key == "megabytes")
        #expect(both.message.contains("not both"))
    }

    @Test func aKindsNestedMappingRejectsUnknownKeysWithTheirPath() throws {
        let error = try #require(reject(valid.replacingOccurrences(of: "  command: [\"true\"]", with: "  command: [\"true\"]\n  mode: sideways")))
        #expect(error.key == "workload.mode")
        #expect(error.message.contains("run, start-until-running"))
    }
}
