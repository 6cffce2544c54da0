import Foundation

/// A property the fuzzer checks on arbitrary bytes: it returns normally, or traps with what it
/// found (libFuzzer keeps the input that trapped). Also run by the tests on the saved corpus.
public enum FuzzCheck: String, CaseIterable, Sendable {
    case json, escape, template, path

    /// Runs this check on one input.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .json: JSONCheck.run(bytes)
        case .escape: EscapeCheck.run(bytes)
        case .template: TemplateCheck.run(bytes)
        case .path: PathCheck.run(bytes)
        }
    }
}

/// Stops the process with a message naming the input's problem.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError(message()) }
}
