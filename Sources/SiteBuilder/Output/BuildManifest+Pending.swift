import Foundation
import SystemIO

/// A build saves its manifest beside the real one before it publishes, and renames it over the
/// real one once the site is committed. A build killed in between leaves a site that is the new
/// build's (a full build's swap is one exchange; an incremental build's commit is finished by
/// `SiteOutput.finishInterruptedCommit`) and a manifest that is the previous build's; the next
/// build would then add the same rows again to what it reads back from the site (the search
/// index's days and chunks, the trade index). `settlePending` puts the two back in step first.
extension BuildManifest {
    /// Where the manifest saved at `url` waits while its build publishes.
    static func pendingLocation(_ url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + ".pending")
    }

    /// Installs the manifest a killed build left pending when the site's `build.json` is the one
    /// that build published (the site is that build's), else drops it. Returns whether it was
    /// installed.
    @discardableResult
    static func settlePending(at url: URL, site: URL) throws -> Bool {
        let pending = pendingLocation(url)
        guard FileIO.exists(pending.path) else { return false }
        let published = FileManager.default.contents(atPath: site.appendingPathComponent("build.json").path)
        if let manifest = load(from: pending), let info = manifest.buildInfo, let published,
            published.elementsEqual(info.utf8)
        {
            try FileIO.rename(pending.path, to: url.path)
            return true
        }
        FileIO.removeFile(pending.path)
        return false
    }
}
