import SiteOutput
import SiteTemplates

/// A page written as an HTML and a Markdown twin at `path` + `.html` / `.md`, both rendered from
/// one model: the page's data is gathered once, then shaped for each format.
protocol TwinPage: Sendable {
    associatedtype Model: PageModel
    /// The page's path in the site, without extension.
    var path: String { get }
    /// Everything the page shows (the costly part: parsing, diffing), computed once per page.
    func model() -> Model
}

/// What a page shows, as one value both of its templates render from.
protocol PageModel {
    /// The templates' base name: `<template>.html` and `<template>.md`.
    static var template: String { get }
    /// The template context for one format: the same keys for both, text prepared by `format`.
    func context(_ format: PageFormat) -> TemplateValue
}

extension PageModel {
    /// The HTML and the Markdown twin.
    func render(_ templates: TemplateSet) -> (html: [UInt8], markdown: [UInt8]) {
        (
            templates.render(Self.template + ".html", context(.html)),
            templates.render(Self.template + ".md", context(.markdown))
        )
    }
}

/// The build's page workers: each holds its own copy of the templates.
typealias RenderPool = WorkerPool<TemplateSet>

extension WorkerPool<TemplateSet> {
    /// Pages go to the pool in batches of this many.
    static var batchSize: Int { 64 }

    /// A pool of `workers` renderers (one when the templates are not compiled: swift-mustache's
    /// library is rendered on one thread).
    convenience init(templates: TemplateSet, workers: Int) {
        let count = templates.isCompiled ? max(1, workers) : 1
        self.init(resources: (0..<count).map { _ in templates.independentCopy() })
    }

    /// Hands a batch of pages to a worker, which renders each one's HTML and Markdown and writes
    /// the batch (one folder lock per folder, not per file).
    func submit<Page: TwinPage>(_ pages: [Page], to output: SiteOutput) throws {
        guard !pages.isEmpty else { return }
        try submit { templates in
            var files: [(path: String, bytes: [UInt8])] = []
            files.reserveCapacity(pages.count * 2)
            for page in pages {
                let rendered = page.model().render(templates)
                files.append((page.path + ".html", rendered.html))
                files.append((page.path + ".md", rendered.markdown))
            }
            try output.write(files)
            return files.count
        }
    }
}
