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
    /// libFuzzer's driver (`-sanitize=fuzzer` links it in).
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// The executable's entry (SwiftPM links `main` to `<product>_main`): hands over to
    /// libFuzzer's driver with each input going to the selected check. The raw pointers of this
    /// harness are libFuzzer's C interface; the input is copied at once.
    @_cdecl("telemetry_fuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        _ = selectedCheck
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
    }

    /// One input (also the symbol libFuzzer's own `main` looks for).
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
