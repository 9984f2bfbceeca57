import Testing
@Test func OCIRuntimePlaceholder() {}
