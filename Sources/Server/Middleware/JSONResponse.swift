import Foundation
import HTTPTypes
import Hummingbird

/// JSON answers.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ object: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(object)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: .init(bytes: data)))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        make(status, ErrorBody(success: false, error: message))
    }

    struct ErrorBody: Encodable {
        var success: Bool
        var error: String
    }
}
