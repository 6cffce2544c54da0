/// A helper could not do what a test asked of it (the test fails with this message).
public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
