import CCmarkGFM
import Foundation

/// A heading in a page body, for deep links and the "On this page" list.
public struct Heading: Sendable, Hashable {
    public var level: Int
    public var text: String
    public var id: String
}

/// A page body after the Markdown stage. Immutable, and stored behind one reference so copies are cheap.
public struct RenderedBody: Sendable, Hashable {
    private final class Storage: Sendable {
        let html: String, headings: [Heading], plainText: String, linkedSlugs: [String], referencedSlugs: Set<String>
        let references: [BodyReference]

        init(html: String, headings: [Heading], plainText: String, linkedSlugs: [String], referencedSlugs: Set<String>,
             references: [BodyReference]) {
            (self.html, self.headings, self.plainText) = (html, headings, plainText)
            (self.linkedSlugs, self.referencedSlugs, self.references) = (linkedSlugs, referencedSlugs, references)
        }
    }

    private let storage: Storage

    init(html: String, headings: [Heading], plainText: String, linkedSlugs: [String], referencedSlugs: Set<String> = [],
         references: [BodyReference] = []) {
        storage = Storage(html: html, headings: headings, plainText: plainText, linkedSlugs: linkedSlugs,
                          referencedSlugs: referencedSlugs, references: references)
    }

    public var html: String { storage.html }
    public var headings: [Heading] { storage.headings }
    /// The body's words without markup, for search and readability checks.
    public var plainText: String { storage.plainText }
    /// Slugs of the pages the body links to, in order of first appearance.
    public var linkedSlugs: [String] { storage.linkedSlugs }
    /// Every slug the body's links asked for, found or not, for deciding when a cached body is stale.
    public var referencedSlugs: Set<String> { storage.referencedSlugs }
    /// Links to headings, pages and files, checked once the whole site is known.
    public var references: [BodyReference] { storage.references }

    /// The same body without its plain text, for a build whose search index is made and keeps nothing for a next one.
    func withoutPlainText() -> RenderedBody {
        RenderedBody(html: html, headings: headings, plainText: "", linkedSlugs: linkedSlugs, referencedSlugs: referencedSlugs,
                     references: references)
    }

    public static func == (a: RenderedBody, b: RenderedBody) -> Bool {
        a.storage === b.storage || (a.html == b.html && a.headings == b.headings && a.plainText == b.plainText
            && a.linkedSlugs == b.linkedSlugs && a.referencedSlugs == b.referencedSlugs && a.references == b.references)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(html)
    }
}

/// The Markdown stage: CommonMark plus GitHub's extensions through cmark-gfm, with Salve's links
/// (`[[slug]]`, `[[slug|text]]`, relative `.md` links) and site settings (`{{ site.emergency_number }}`)
/// rewritten in the syntax tree before rendering.
public enum Markdown {
    /// Options for one render.
    public struct Options: Sendable {
        /// Let raw HTML through (with GitHub's tag filter). Off: cmark's safe mode drops it.
        public var rawHTML = false
        /// Give headings `id`s. Off only for conformance tests against cmark-gfm's plain output.
        public var headingIDs = true
        /// Rewrite Salve's links. Off only for conformance tests.
        public var salveLinks = true
        /// GitHub's syntax extensions, all on as on github.com; fewer only for conformance tests.
        public var extensions = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]
        /// `[^1]` footnotes.
        public var footnotes = true
        /// The path part of the site's `base_url` (`/legs`), put before root-relative links (`/images/leg.png`).
        public var basePath = ""
        /// Site settings a body may show as `{{ site.<key> }}` (`emergency_number` → `999`).
        public var siteValues: [String: String] = [:]
        public init() {}
    }

    /// Renders `markdown` from the file at `path`, whose body starts at `firstLine` of the file.
    /// Links are resolved through `resolver`; each that cannot be is appended to `diagnostics`.
    public static func render(_ markdown: some StringProtocol, path: String, firstLine: Int = 1, resolver: LinkResolver?,
                              options: Options = Options(), diagnostics: inout [Diagnostic]) -> RenderedBody {
        CmarkSetup.ensureRegistered()
        var cmarkOptions = CMARK_OPT_DEFAULT
        if options.footnotes { cmarkOptions |= CMARK_OPT_FOOTNOTES }
        if options.rawHTML { cmarkOptions |= CMARK_OPT_UNSAFE }
        guard let parser = cmark_parser_new(cmarkOptions) else { fatalError("cmark-gfm could not allocate a parser") }
        defer { cmark_parser_free(parser) }
        for name in options.extensions {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        // Fed from the text's own bytes where they are contiguous (they are, for text read from a file): copying
        // them byte by byte into an array first cost a twentieth of the Markdown stage.
        func feed(_ buffer: UnsafeBufferPointer<UInt8>) {
            guard let start = buffer.baseAddress else { return }
            start.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
        }
        if markdown.utf8.withContiguousStorageIfAvailable(feed) == nil { Array(markdown.utf8).withUnsafeBufferPointer(feed) }
        guard let document = CmarkSetup.finish(parser) else { fatalError("cmark-gfm returned no document") }
        defer { cmark_node_free(document) }

        var rewriter = TreeRewriter(path: path, lineOffset: firstLine - 1, resolver: resolver, basePath: options.basePath,
                                    siteValues: options.siteValues)
        if options.salveLinks, resolver != nil {
            cmark_consolidate_text_nodes(document)
            rewriter.rewriteLinks(in: document)
        }
        let headings = options.headingIDs ? rewriter.identifyHeadings(in: document) : []
        diagnostics += rewriter.diagnostics

        let plainText = TreeRewriter.plainText(of: document)
        guard let htmlPointer = cmark_render_html(document, cmarkOptions, cmark_parser_get_syntax_extensions(parser)) else {
            fatalError("cmark-gfm could not render HTML")
        }
        defer { free(htmlPointer) }
        return RenderedBody(html: String(cString: htmlPointer), headings: headings, plainText: plainText,
                            linkedSlugs: rewriter.linkedSlugs, referencedSlugs: rewriter.referencedSlugs,
                            references: rewriter.references)
    }
}

/// cmark-gfm keeps its extension registry in a C global that must be filled once before any parser uses it.
enum CmarkSetup {
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    static func ensureRegistered() { _ = registered }

    /// cmark-gfm also keeps the characters its extensions react to (`:` and `w` for autolinks, `~` for
    /// strikethrough) in a process-wide table, which each parser fills when it starts on inlines and clears when
    /// it is done (github/cmark-gfm PR #176, never merged). Two parsers finishing at once clear it under each
    /// other, and pages rendered in parallel lost autolinks and strikethrough at random. Only this step is
    /// serialised: block parsing, Salve's link rewriting and HTML rendering still run in parallel.
    private static let inlines = NSLock()

    static func finish(_ parser: OpaquePointer) -> OpaquePointer? {
        inlines.withLock { cmark_parser_finish(parser) }
    }
}
