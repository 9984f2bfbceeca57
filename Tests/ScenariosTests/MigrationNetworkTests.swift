import NamespaceCore
import Testing
@testable import Targets

/// How the real runtimes' migrating containers stand on the scenario's network, root-free:
/// the subnet engines are given, the veth cbench system would wire, and the names made.
struct MigrationNetworkTests {
    let network = MigrationNetwork(bridge: "cbenchmig0", address: "10.213.0.2/24")

    @Test func theSubnetIsTheAddresssNetwork() throws {
        #expect(try network.subnet(stage: "s") == "10.213.0.0/24")
        #expect(try MigrationNetwork(bridge: "b", address: "10.9.8.7/16").subnet(stage: "s") == "10.9.0.0/16")
    }

    @Test func anAddressWithoutPrefixIsNamed() {
        #expect(throws: CoreError.self) { try MigrationNetwork(bridge: "b", address: "ten.213.0.2/24").subnet(stage: "s") }
    }

    @Test func theVethIsOnTheBridgeWithTheAddressAndTheBridgeGetsTheFirst() throws {
        let plan = try network.vethPlan()
        #expect(plan.bridge == "cbenchmig0")
        #expect(plan.addresses.map(\.description) == ["10.213.0.2/24"])
        #expect(plan.bridgeAddress?.description == "10.213.0.1/24")
        #expect(plan.up && plan.containerName == "eth0")
    }

    @Test func theNamesCarryTheProjectPrefixAndFitTheKernel() {
        let container = PreparedContainer(id: "cbench-runc-abc-3", bundle: "/w/c", cgroupPath: "cbench/c", workload: ContainerWorkload(args: ["x"], rootfs: "/r"))
        #expect(MigrationNamespace.namespace(of: container).name == "cbench-mig-cbench-runc-abc-3")
        #expect(MigrationNamespace.hostLink(bridge: "cbenchmig0") == "cbenchmig0v")
        let long = MigrationNamespace.hostLink(bridge: "cbenchmigration")
        #expect(long == "cbenchmigratiov")
        #expect(MigrationNamespace.bridgeFile(of: container) == "/w/c/migration-bridge")
    }
}
