import Testing
@Test func NamespaceCorePlaceholder() {}
