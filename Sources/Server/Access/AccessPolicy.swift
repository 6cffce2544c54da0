import HTTPTypes
import SiteOutput

/// Who may see what. The router's session middleware and the static fast path both ask this
/// one value, so the guard cannot differ between a cached and an uncached answer.
struct AccessPolicy: Sendable {
    /// The session cookie's name.
    static let cookie = "ts_session"

    /// What a path needs.
    enum Rule: Equatable, Sendable {
        /// Anyone: the login form, health, the stylesheet and script.
        case open
        /// The JSON API: its routes answer 401 themselves when the session is missing.
        case api
        /// A page of the site (or logout): a login unless the site is public.
        case page
    }

    /// Serve pages without a login.
    let isPublic: Bool

    func rule(for path: String) -> Rule {
        if path.hasPrefix("/api/") { return .api }
        if path == "/login" || path == "/healthz" || path == "/readyz" || path == "/metrics"
            || path.hasPrefix("/assets/")
        {
            return .open
        }
        return .page
    }

    /// Whether the visitor's session must be looked up for `path`.
    func needsSession(_ path: String) -> Bool {
        !isPublic || path.hasPrefix("/api/") || path == "/login" || path == "/logout"
    }

    /// Whether a visitor without a session is sent to the login form.
    func redirectsStrangers(_ path: String) -> Bool {
        !isPublic && rule(for: path) == .page
    }

    /// `Cache-Control` for an answer at `path`: what only a logged-in user may see is never
    /// stored by a shared cache or the browser; open files are revalidated, but a fingerprinted
    /// asset (its name changes with its bytes) is kept for a year.
    func cacheControl(for path: String) -> String {
        switch rule(for: path) {
        case .api: "private, no-store"
        case .open where AssetNames.isFingerprinted(path): "public, max-age=31536000, immutable"
        case .open: path == "/login" || path == "/metrics" ? "private, no-store" : "no-cache"
        case .page: isPublic ? "no-cache" : "private, no-store"
        }
    }

    /// The session id in the request's Cookie headers, if any.
    static func sessionID(in fields: HTTPFields) -> String? {
        for line in fields[values: .cookie] {
            for pair in line.split(separator: ";") {
                let trimmed = pair.drop { $0 == " " }
                if trimmed.hasPrefix(cookie + "=") { return String(trimmed.dropFirst(cookie.count + 1)) }
            }
        }
        return nil
    }
}
