import Testing
@testable import NamespaceCore

@Suite struct RootPropagationPlanTests {
    @Test(arguments: [MountPropagation.shared, .rshared, .unbindable, .runbindable])
    func sharedAndUnbindableAreAppliedAfterAPrivatePivot(propagation: MountPropagation) {
        let plan = RootPropagationPlan(propagation)
        #expect(plan.beforePivot == MountFlag.private | MountFlag.recursive)
        #expect(plan.afterPivot == MountOptions.flags(for: propagation))
    }

    @Test(arguments: [MountPropagation.private, .rprivate, .slave, .rslave])
    func privateAndSlaveAreAppliedBeforeAndOnlyThen(propagation: MountPropagation) {
        let plan = RootPropagationPlan(propagation)
        #expect(plan.beforePivot == MountOptions.flags(for: propagation))
        #expect(plan.afterPivot == 0)
    }

    @Test func recursionIsKeptAsAsked() {
        #expect(RootPropagationPlan(.rshared).afterPivot == MountFlag.shared | MountFlag.recursive)
        #expect(RootPropagationPlan(.shared).afterPivot == MountFlag.shared)
    }

    @Test func theLaunchPlanCarriesBothSteps() throws {
        var spec = LaunchSpec(args: ["true"])
        spec.namespaces = [NamespaceSpec(.mount)]
        spec.rootfs = RootfsSpec(.directory("/var/lib/r"), propagation: .rshared)
        let plan = try LaunchPlan(spec, overlayMountpoint: nil)
        #expect(plan.raw.pointee.root_propagation == MountFlag.private | MountFlag.recursive)
        #expect(plan.raw.pointee.root_propagation_after_pivot == MountFlag.shared | MountFlag.recursive)
    }
}
