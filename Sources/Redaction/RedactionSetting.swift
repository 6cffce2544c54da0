public import Foundation

/// Whether a command masks secrets, and with which rules: on by default.
public enum RedactionSetting: Sendable, Equatable {
    /// The built-in rules, or a rules file's (`--redact-rules`) on top of or instead of them.
    case rules(file: URL?)
    /// No redaction (`--no-redact`): pages say so in a banner, the log warns at every run.
    case off

    /// The redactor of this setting, keyed by the state folder's key (created on first use);
    /// nil when off.
    /// - Throws: `RedactionRulesError` for an unreadable rules file or key.
    public func redactor(stateDirectory: URL) throws -> Redactor? {
        switch self {
        case .off: nil
        case .rules(let file):
            Redactor(
                rules: try RedactionRules.load(file: file), key: try RedactionKey.load(stateDirectory: stateDirectory))
        }
    }
}

extension Redactor {
    /// Changes when the rules or the key change (either changes the markers: a full build).
    public var fingerprint: String { "\(rules.digest.prefix(16))-\(key.tag("telemetry-site key check"))" }
}
