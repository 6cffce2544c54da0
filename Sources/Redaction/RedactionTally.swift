/// How much redaction masked, per rule: values, and rows with at least one. Never a value.
public struct RedactionTally: Codable, Equatable, Sendable {
    /// One rule's numbers.
    public struct Count: Codable, Equatable, Sendable {
        /// Values masked.
        public var values = 0
        /// Rows with at least one value masked.
        public var rows = 0
    }

    /// Numbers by rule name.
    public private(set) var rules: [String: Count] = [:]
    /// Rows with at least one value masked by any rule.
    public private(set) var rows = 0

    /// An empty tally.
    public init() {}

    /// Adds one row's counts.
    public mutating func add(_ counts: Redactor.Counts) {
        guard !counts.isEmpty else { return }
        rows += 1
        for (rule, values) in counts {
            rules[rule, default: Count()].values += values
            rules[rule, default: Count()].rows += 1
        }
    }
}
