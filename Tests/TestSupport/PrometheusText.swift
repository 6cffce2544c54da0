import Foundation

/// Prometheus text read back by `prometheus_client`'s parser (`Tests/e2e/prom_parse.py`): what
/// Prometheus itself would make of a scrape or a textfile.
public struct PrometheusText: Sendable {
    /// One metric family.
    public struct Family: Decodable, Sendable {
        public var name: String
        public var type: String
        public var samples: [Sample]
    }

    /// One sample line.
    public struct Sample: Decodable, Sendable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    public var families: [Family]

    /// Parses `text`; throws with the parser's message when it refuses it.
    public init(parsing text: String) throws {
        let file = temporaryFolder("prom").appendingPathComponent("metrics.prom")
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("e2e/prom_parse.py")
        let run = try ToolRun.run(program: "/usr/bin/env", ["python3", script.path, file.path])
        guard run.status == 0 else { throw TestSupportError("prometheus_client refused the text: \(run.stderr)") }
        families = try JSONDecoder().decode([Family].self, from: Data(run.stdout.utf8))
    }

    /// The type of the family a sample or family named `name` belongs to (`counter`, `gauge`,
    /// `histogram`), nil when absent.
    public func type(of name: String) -> String? {
        family(of: name)?.type
    }

    /// The family a sample or family named `name` belongs to.
    public func family(of name: String) -> Family? {
        families.first { family in family.name == name || family.samples.contains { $0.name == name } }
    }

    /// The value of the sample `name` whose labels include `labels`; nil when there is none.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        family(of: name)?.samples.first { sample in
            sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }?.value
    }
}
