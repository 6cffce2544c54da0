import Foundation
import Telemetry

/// A one-line progress bar on stderr: rows, rate and ETA, redrawn in place.
final class ProgressBar {
    private var lastDraw = 0.0

    func update(_ progress: BackfillProgress) {
        guard progress.elapsedSeconds - lastDraw >= 0.1 || progress.eligibleTotal == progress.inserted else { return }
        lastDraw = progress.elapsedSeconds
        let done = progress.inserted + progress.failed
        let rate = progress.elapsedSeconds > 0 ? Double(done) / progress.elapsedSeconds : 0
        var line = "batch \(progress.batch)  \(done) rows  \(Int(rate)) rows/s"
        if let total = progress.eligibleTotal, total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let eta = rate > 0 ? Int(Double(total - done) / rate) : 0
            line = "\(bar) \(Int(fraction * 100))%  \(done)/\(total) rows  \(Int(rate)) rows/s  ETA \(eta)s"
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
