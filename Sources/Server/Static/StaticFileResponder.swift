import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SiteMetrics
import SystemIO

/// Answers GET and HEAD for site files: content type, ETag and Last-Modified, 304 for a
/// matching If-None-Match or If-Modified-Since, the site's 404 page otherwise.
struct StaticFileResponder: Sendable {
    let site: StaticSite
    let metrics: SiteMetrics

    func respond(to request: Request, context: AppRequestContext) -> Response {
        // A file in memory is answered without a second look-up; only a miss reads the disk.
        let cached = site.cached(request.uri.path)
        switch cached.map(StaticSite.Lookup.found) ?? site.lookup(request.uri.path) {
        case .found(let file):
            let response = answer(file, status: .ok, request: request)
            metrics.staticFile(
                hit: cached != nil, bytes: response.status == .ok ? response.body.contentLength ?? 0 : 0)
            return response
        case .notFound:
            return notFound(request)
        case .forbidden:
            context.logger.notice("refused a path outside the site", metadata: ["path": "\(request.uri.path)"])
            return notFound(request)
        }
    }

    func notFound(_ request: Request) -> Response {
        if case .found(let page) = site.lookup("/404.html") {
            return answer(page, status: .notFound, request: request, conditional: false)
        }
        return Response(
            status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: .init(string: "not found\n")))
    }

    private func answer(
        _ file: StaticSite.File, status: HTTPResponse.Status, request: Request, conditional: Bool = true
    ) -> Response {
        var headers = file.headers
        if conditional {
            let notModified: Bool
            if let tags = request.headers[.ifNoneMatch] {
                notModified = tags.split(separator: ",").contains {
                    $0.trimmingCharacters(in: .whitespaces) == file.etag || $0 == "*"
                }
            } else if let since = request.headers[.ifModifiedSince].flatMap(HTTPDate.parse) {
                notModified = Int(file.lastModified.timeIntervalSince1970) <= Int(since.timeIntervalSince1970)
            } else {
                notModified = false
            }
            if notModified {
                headers[.contentLength] = nil
                return Response(status: .notModified, headers: headers)
            }
        }
        if request.method == .head { return Response(status: status, headers: headers) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: file.body))
    }
}

/// RFC 9110 dates (`Sun, 06 Nov 1994 08:49:37 GMT`).
enum HTTPDate {
    /// The formatter (not thread-safe: used under the lock) and the current second's text.
    private static let state = Locked<(formatter: DateFormatter, second: Int, text: String)>(
        {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            return (formatter, 0, "")
        }())

    static func format(_ date: Date) -> String { state.withLock { $0.formatter.string(from: date) } }

    /// The current time, formatted at most once a second.
    static func now() -> String {
        let second = Int(Date().timeIntervalSince1970)
        return state.withLock { state in
            if state.second != second {
                state.text = state.formatter.string(from: Date(timeIntervalSince1970: TimeInterval(second)))
                state.second = second
            }
            return state.text
        }
    }

    static func parse(_ text: String) -> Date? { state.withLock { $0.formatter.date(from: text) } }
}
