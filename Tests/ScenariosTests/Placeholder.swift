import Testing
@Test func ScenariosPlaceholder() {}
