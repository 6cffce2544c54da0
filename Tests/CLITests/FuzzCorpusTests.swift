import Foundation
import FuzzChecks
import TestSupport
import Testing

/// The fuzz targets' seed inputs and every finding kept as a regression input
/// (`Tests/Fuzz/<target>/`), replayed through the same checks the fuzzer runs.
@Suite struct FuzzCorpusTests {
    static let corpus = SiteFixture.repository.appendingPathComponent("Tests/Fuzz")

    @Test(arguments: FuzzCheck.allCases) func savedInputsPassTheirCheck(_ check: FuzzCheck) throws {
        let folder = Self.corpus.appendingPathComponent(check.rawValue)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(!names.isEmpty)
        for name in names {
            check.run([UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
        }
    }

    /// The checks can fail: inputs that break each property trap in a child process.
    @Test func aCheckTrapsOnAViolation() throws {
        let replay = ToolRun.executable.deletingLastPathComponent().appendingPathComponent("telemetry-fuzz")
        let folder = temporaryFolder("fuzz")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let good = folder.appendingPathComponent("good")
        try Data("[1, 2]".utf8).write(to: good)
        let run = try ToolRun.run(program: replay.path, [good.path], environment: ["FUZZ_TARGET": "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let unknown = try ToolRun.run(program: replay.path, [good.path], environment: ["FUZZ_TARGET": "nope"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("FUZZ_TARGET"))
    }
}
