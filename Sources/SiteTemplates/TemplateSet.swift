public import Foundation
import Hashing
import Mustache
import SiteOutput
import SystemIO

/// The site's Mustache templates and assets: the defaults, with any file of an override folder
/// taking the place of the default of the same name. Every template is parsed by swift-mustache
/// (which reports a broken one by file, line and column) and compiled for the typed renderer;
/// a set using a tag the compiler does not handle is rendered by swift-mustache instead.
public struct TemplateSet: Sendable {
    /// Every template a build renders; a set missing one fails at load time.
    public static let required = [
        "header", "footer", "rows", "index.html", "list.html", "list.md", "telemetry.html", "telemetry.md",
        "trade.html", "trade.md", "errors.html", "errors.md", "runs.html", "run.html", "404.html", "redactions.html",
        "redactions.md", "search.html",
    ]

    private let library: MustacheLibrary
    /// The compiled templates, or nil when one of them needs swift-mustache.
    private var compiled: TemplateProgram?
    /// Template sources by name, to compile independent copies for other threads.
    private let sources: [String: String]
    /// Why the set renders with swift-mustache, if it does.
    public let fallbackReason: String?
    /// Asset files (relative path → bytes) copied to `assets/`.
    public let assets: [String: Data]
    /// A digest of every template and asset: a change means a full build.
    public let digest: String
    /// Each asset's name with a hash of its bytes (`style.css` → `style.0123456789abcdef.css`):
    /// pages link these, so a changed asset is a new name and a cache may keep an old one for good.
    public let fingerprinted: [String: String]
    /// Fields every page's context starts with (a page's own fields win): each asset's
    /// fingerprinted path as `asset_<name>` (`asset_style_css` is `assets/style.….css`), and a
    /// site-wide notice.
    public var globals: [(name: String, value: TemplateValue)] = []

    /// Loads templates from `defaults`, then from `overrides` file by file. `referenceRenderer`
    /// renders with swift-mustache even when every template compiles (for comparison).
    public init(defaults: URL, overrides: URL? = nil, referenceRenderer: Bool = false) throws {
        var sources: [String: (text: String, file: String)] = [:]
        var assets: [String: Data] = [:]
        for folder in [defaults] + (overrides.map { [$0] } ?? []) {
            guard FileManager.default.fileExists(atPath: folder.path) else {
                throw TemplateError(file: folder.path, line: 0, column: 0, reason: "template folder not found")
            }
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path)
            where name.hasSuffix(".mustache") {
                let file = folder.appendingPathComponent(name)
                guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                    throw TemplateError(file: file.path, line: 0, column: 0, reason: "not readable as UTF-8")
                }
                sources[String(name.dropLast(".mustache".count))] = (text, file.path)
            }
            let assetFolder = folder.appendingPathComponent("assets")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: assetFolder.path)) ?? []
            where !name.hasPrefix(".") {
                assets[name] = try Data(contentsOf: assetFolder.appendingPathComponent(name))
            }
        }
        for name in Self.required where sources[name] == nil {
            throw TemplateError(
                file: defaults.appendingPathComponent("\(name).mustache").path, line: 0, column: 0,
                reason: "template missing")
        }
        try self.init(sources: sources, assets: assets, referenceRenderer: referenceRenderer)
    }

    /// Templates from memory (name → source), without the site's required set: for checking
    /// the compiled renderer against swift-mustache on any source.
    public init(sources: [String: String], referenceRenderer: Bool = false) throws {
        try self.init(
            sources: sources.mapValues { (text: $0, file: "<memory>") }, assets: [:],
            referenceRenderer: referenceRenderer)
    }

    private init(
        sources: [String: (text: String, file: String)], assets: [String: Data], referenceRenderer: Bool
    ) throws {
        var library = MustacheLibrary()
        for (name, source) in sources {
            do {
                library.register(try MustacheTemplate(string: source.text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw TemplateError(
                    file: source.file, line: error.context.lineNumber, column: error.context.columnNumber,
                    reason: "\(error.error)")
            }
        }
        var compiled: [String: CompiledTemplate] = [:]
        var fallbackReason: String? = referenceRenderer ? "swift-mustache requested" : nil
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) where fallbackReason == nil {
            do {
                compiled[name] = try CompiledTemplate(source.text)
            } catch {
                fallbackReason = "\(source.file): \(error)"
                break
            }
        }
        self.compiled = fallbackReason == nil ? TemplateProgram(compiled) : nil
        self.sources = sources.mapValues(\.text)
        self.fallbackReason = fallbackReason
        self.library = library
        self.assets = assets
        fingerprinted = Dictionary(uniqueKeysWithValues: assets.map { ($0.key, Self.fingerprint($0.key, $0.value)) })
        globals = fingerprinted.sorted(by: { $0.key < $1.key }).map { name, path in
            (Self.assetField(name), .string("assets/" + path))
        }
        var hasher = FNV1a64()
        for name in sources.keys.sorted() { hasher.add(name); hasher.add(sources[name]!.text) }
        for name in assets.keys.sorted() {
            hasher.add(name); hasher.add(String(decoding: assets[name]!, as: UTF8.self))
        }
        digest = hasher.hex
    }

    /// `style.css` with 64 bits of its bytes' SHA-256 before the extension.
    static func fingerprint(_ name: String, _ bytes: Data) -> String {
        AssetNames.fingerprinted(name, hash: Hashing.sha256Hex(Array(bytes), count: 8))
    }

    /// The template field of an asset's fingerprinted path: `asset_` and its name with every
    /// character but letters and digits as `_`.
    static func assetField(_ name: String) -> String {
        "asset_" + String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    /// A copy whose compiled templates share no storage with this one, so two threads render
    /// without contending on reference counts.
    public func independentCopy() -> TemplateSet {
        var copy = self
        if compiled != nil {
            copy.compiled = TemplateProgram(sources.compactMapValues { try? CompiledTemplate($0) })
        }
        return copy
    }

    /// Renders template `name` with `context` into UTF-8 bytes.
    public func render(_ name: String, _ context: TemplateValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8 * 1024)
        render(name, context, into: &out)
        return out
    }

    /// Appends the rendering of template `name` to `out`.
    public func render(_ name: String, _ context: TemplateValue, into out: inout [UInt8]) {
        if let compiled {
            var renderer = TemplateRenderer(program: compiled)
            renderer.render(name, context, globals: globals, into: &out)
        } else {
            var context = context
            if !globals.isEmpty, case .fields(let fields) = context { context = .fields(globals + fields) }
            out.append(contentsOf: renderWithMustache(name, context).utf8)
        }
    }

    /// The swift-mustache rendering (the reference the compiled renderer is checked against).
    public func renderWithMustache(_ name: String, _ context: TemplateValue) -> String {
        library.render(context.anyValue, withTemplate: name) ?? ""
    }

    /// Whether the compiled renderer is in use.
    public var isCompiled: Bool { compiled != nil }

    /// The default template folder: `./Templates`, else the `Templates` folder of the checkout
    /// the executable was built in.
    public static func defaultFolder() -> URL {
        let local = URL(fileURLWithPath: "Templates", isDirectory: true)
        if FileManager.default.fileExists(atPath: local.appendingPathComponent("header.mustache").path) { return local }
        var folder = ProcessIdentity.executable
            .deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = folder.appendingPathComponent("Templates")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("header.mustache").path) {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return local
    }
}

/// A template that failed to load: which file, where, why.
public struct TemplateError: Error, CustomStringConvertible, Sendable {
    /// The template file (`name.mustache`).
    public var file: String
    /// The line of the problem, from 1.
    public var line: Int
    /// The column of the problem, from 1.
    public var column: Int
    /// Why the template was refused.
    public var reason: String
    public var description: String { "\(file):\(line):\(column): \(reason)" }
}
