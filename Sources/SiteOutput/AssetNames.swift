/// Fingerprinted asset names: `style.css` published as `style.<16 hex digits>.css`, the digits
/// the first 64 bits of the bytes' SHA-256. Pages link the fingerprinted name, so a new content
/// is a new name, and a cache (a browser, a CDN, the object store's headers) may keep one for good.
public enum AssetNames {
    /// `name` with `hash` (16 lowercase hex digits) before its extension.
    public static func fingerprinted(_ name: String, hash: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name + "." + hash }
        return "\(name[..<dot]).\(hash)\(name[dot...])"
    }

    /// Whether the site path (relative, `assets/…`, or absolute, `/assets/…`) is a fingerprinted
    /// asset.
    public static func isFingerprinted(_ path: String) -> Bool {
        let relative = path.hasPrefix("/") ? path.dropFirst() : Substring(path)
        guard relative.hasPrefix("assets/"), !relative.dropFirst("assets/".count).contains("/") else { return false }
        let parts = relative.dropFirst("assets/".count).split(separator: ".", omittingEmptySubsequences: false)
        // `name.hash.ext`, or `name.hash` for a name without an extension; never a dotfile.
        guard parts.count >= 2, !parts[0].isEmpty else { return false }
        let hash = parts.count == 2 ? parts[1] : parts[parts.count - 2]
        guard hash.count == 16 else { return false }
        return hash.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }
}
