import Testing
@Test func SystemContainersPlaceholder() {}
