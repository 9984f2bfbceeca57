import Testing
@Test func IntegrationPlaceholder() {}
