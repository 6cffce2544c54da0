import SiteOutput
import SiteTemplates

/// A page written as an HTML and a Markdown twin at `path` + `.html` / `.md`.
protocol TwinPage: Sendable {
    var path: String { get }
    func render(_ templates: TemplateSet) -> (html: [UInt8], markdown: [UInt8])
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
                let rendered = page.render(templates)
                files.append((page.path + ".html", rendered.html))
                files.append((page.path + ".md", rendered.markdown))
            }
            try output.write(files)
            return files.count
        }
    }
}
