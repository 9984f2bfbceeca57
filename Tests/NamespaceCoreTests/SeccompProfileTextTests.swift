import Testing
import NamespaceCore

/// The text the compiled-program cache keys on: equal profiles, equal text; any change shows.
struct SeccompProfileTextTests {
    /// A new value each call, so two calls are two profiles built apart.
    static func makeProfile() -> SeccompProfile {
        SeccompProfile(defaultAction: .errno(1), architectures: ["SCMP_ARCH_X86"], flags: [.tsync], rules: [
            SeccompRule(syscalls: ["read", "write"], action: .allow),
            SeccompRule(syscalls: ["personality"], action: .allow,
                        conditions: [SeccompCondition(index: 0, value: 8, valueTwo: 0, op: .equal)]),
        ])
    }

    let profile = SeccompProfileTextTests.makeProfile()

    @Test func equalProfilesGiveEqualText() {
        #expect(Self.makeProfile().canonicalText == profile.canonicalText)
        #expect(profile.canonicalText == """
            default errno(1)
            arch SCMP_ARCH_X86
            flags SECCOMP_FILTER_FLAG_TSYNC
            allow read,write []
            allow personality [0:SCMP_CMP_EQ:8:0]
            """)
    }

    @Test func everyPartOfTheProfileShowsInTheText() {
        var changedValue = profile
        changedValue.rules[1].conditions[0].value = 9
        var changedAction = profile
        changedAction.defaultAction = .errno(38)
        var changedFlags = profile
        changedFlags.flags = []
        for changed in [changedValue, changedAction, changedFlags] {
            #expect(changed.canonicalText != profile.canonicalText)
        }
    }
}
