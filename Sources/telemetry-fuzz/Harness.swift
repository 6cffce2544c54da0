import Foundation
import FuzzChecks

/// Which check this process fuzzes: `FUZZ_TARGET` (json, escape, template, path).
let selectedCheck: FuzzCheck = {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard let check = FuzzCheck(rawValue: name) else {
        fatalError("set FUZZ_TARGET to one of \(FuzzCheck.allCases.map(\.rawValue))")
    }
    return check
}()

#if FUZZING
    /// libFuzzer's entry point (built with `-sanitize=fuzzer`: libFuzzer brings `main`). The
    /// one raw pointer of this harness is libFuzzer's input, copied at once.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        selectedCheck.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
#else
    /// Without libFuzzer: replays the files named on the command line through the check.
    @main struct Replay {
        static func main() throws {
            for path in CommandLine.arguments.dropFirst() {
                selectedCheck.run([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
            }
        }
    }
#endif
