public import Foundation
import Hashing
import SystemIO

/// A logged-in visitor.
public struct Session: Sendable, Equatable {
    /// 256 random bits, hex.
    public let id: String
    /// The signed-in user's name.
    public let user: String
    /// Sent by pages in `X-CSRF-Token`; never part of a static file.
    public let csrf: String
    /// When the session ends.
    public let expires: Date

    /// A new random token: 256 bits from the system's random source, as 64 hex digits.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hashing.hex((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}

/// Sessions in memory: a restart logs everybody out, which a small team server can afford.
/// A lock rather than an actor: the static fast path checks sessions on the event loop.
public final class SessionStore: Sendable {
    /// How long a session lasts after login (seconds).
    public static let lifetime: TimeInterval = 12 * 3600
    private let sessions = Locked<[String: Session]>([:])

    /// An empty store.
    public init() {}

    /// A new session for `user` (a fresh id on every login: ids are rotated at login).
    public func create(user: String, now: Date = Date()) -> Session {
        let session = Session(
            id: Session.randomToken(), user: user, csrf: Session.randomToken(), expires: now + Self.lifetime)
        sessions.withLock { sessions in
            sessions = sessions.filter { $0.value.expires > now }
            sessions[session.id] = session
        }
        return session
    }

    /// The live session `id` names at `now`; an expired one is dropped and nil returned.
    public func session(_ id: String, now: Date = Date()) -> Session? {
        sessions.withLock { sessions in
            guard let session = sessions[id] else { return nil }
            guard session.expires > now else {
                sessions[id] = nil
                return nil
            }
            return session
        }
    }

    /// Ends the session `id` (logout).
    public func remove(_ id: String) { sessions.withLock { $0[id] = nil } }
}
