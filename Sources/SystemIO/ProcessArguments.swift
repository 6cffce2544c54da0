internal import Glibc

/// The process's own command line as `ps` and `/proc/<pid>/cmdline` show it.
public enum ProcessArguments {
    /// Rewrites each argument in place (in the memory the kernel shows as the command line)
    /// with what `transform` returns, when that differs and has the same UTF-8 length (a
    /// shorter or longer text would shift or cut the arguments after it; such a result is
    /// ignored). Returns how many arguments were rewritten.
    @discardableResult
    public static func rewrite(_ transform: (String) -> String) -> Int {
        var rewritten = 0
        let argv = CommandLine.unsafeArgv
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = argv[index] else { continue }
            let old = String(cString: pointer)
            let new = transform(old)
            let bytes = Array(new.utf8)
            guard new != old, bytes.count == strlen(pointer) else { continue }
            for (offset, byte) in bytes.enumerated() { pointer[offset] = CChar(bitPattern: byte) }
            rewritten += 1
        }
        return rewritten
    }
}
