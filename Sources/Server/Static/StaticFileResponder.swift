import Foundation
import HTTPTypes
import Hummingbird

/// Answers GET and HEAD for site files: content type, ETag and Last-Modified, 304 for a
/// matching If-None-Match or If-Modified-Since, the site's 404 page otherwise.
struct StaticFileResponder: Sendable {
    let site: StaticSite

    func respond(to request: Request, context: AppRequestContext) -> Response {
        switch site.lookup(request.uri.path) {
        case .found(let file):
            return answer(file, status: .ok, request: request)
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
    private static let formatter: DateFormatter = {  // used under `lock`
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }()
    private static let lock = NSLock()

    static func format(_ date: Date) -> String { lock.withLock { formatter.string(from: date) } }

    private nonisolated(unsafe) static var current: (second: Int, text: String) = (0, "")  // under `lock`

    /// The current time, formatted at most once a second.
    static func now() -> String {
        let second = Int(Date().timeIntervalSince1970)
        return lock.withLock {
            if current.second != second {
                current = (second, formatter.string(from: Date(timeIntervalSince1970: TimeInterval(second))))
            }
            return current.text
        }
    }
    static func parse(_ text: String) -> Date? { lock.withLock { formatter.date(from: text) } }
}
