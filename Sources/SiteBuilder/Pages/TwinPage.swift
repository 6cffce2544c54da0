/// A page written as an HTML and a Markdown twin at `path` + `.html` / `.md`.
protocol TwinPage: Sendable {
    var path: String { get }
    func render(_ templates: TemplateSet) -> (html: [UInt8], markdown: [UInt8])
}
