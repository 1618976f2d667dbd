import CCmarkGFM

/// Edits a cmark-gfm syntax tree in place: Salve's links and heading ids. Works on nodes, never on
/// rendered HTML, so code spans, code blocks and escaped brackets are left alone.
struct TreeRewriter {
    let path: String
    /// Added to cmark's body-relative line numbers to get file lines.
    let lineOffset: Int
    let resolver: LinkResolver?
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var linkedSlugs: [String] = []
    /// Every slug a link asked for, found or not: a cached body stays valid while these resolve the same way.
    private(set) var referencedSlugs: Set<String> = []
    private var seenSlugs: Set<String> = []

    init(path: String, lineOffset: Int, resolver: LinkResolver?) {
        self.path = path
        self.lineOffset = lineOffset
        self.resolver = resolver
    }

    /// Turns `[[slug]]` and `[[slug|text]]` in text nodes into links, and points relative `.md` links at page URLs.
    mutating func rewriteLinks(in document: OpaquePointer) {
        var textNodes: [OpaquePointer] = []
        var linkNodes: [OpaquePointer] = []
        forEachNode(in: document) { node, entering in
            guard entering else { return }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_TEXT: textNodes.append(node)
            case CMARK_NODE_LINK: linkNodes.append(node)
            default: break
            }
        }
        for node in linkNodes { rewriteRelativeLink(node) }
        for node in textNodes { expandWikiLinks(node) }
    }

    private mutating func rewriteRelativeLink(_ node: OpaquePointer) {
        guard let urlPointer = cmark_node_get_url(node) else { return }
        let url = String(cString: urlPointer)
        guard let (file, fragment) = Self.relativeMarkdownLink(url), let resolver else { return }
        referencedSlugs.insert(String(file.split(separator: "/").last?.dropLast(3) ?? ""))
        switch resolver.resolve(relativePath: file, from: path) {
        case .success(let target):
            cmark_node_set_url(node, target.href + (fragment.map { "#\($0)" } ?? ""))
            note(target.slug)
        case .failure(let error):
            if !error.isConsequence { report(error.description, at: node) }
        }
    }

    /// `("../symptoms/numbness.md", "fragment")` for a relative link to a Markdown file; nil for any other URL.
    static func relativeMarkdownLink(_ url: String) -> (path: String, fragment: String?)? {
        if url.isEmpty || url.hasPrefix("/") || url.hasPrefix("#") { return nil }
        if let colon = url.firstIndex(of: ":"), !url[..<colon].contains("/") { return nil } // has a scheme
        let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let file = String(parts[0]).removingPercentEncoding ?? String(parts[0])
        guard file.hasSuffix(".md") else { return nil }
        return (file, parts.count > 1 ? String(parts[1]) : nil)
    }

    private mutating func expandWikiLinks(_ node: OpaquePointer) {
        guard let literalPointer = cmark_node_get_literal(node) else { return }
        let text = String(cString: literalPointer)
        let pieces = WikiLink.split(text)
        guard pieces.contains(where: { if case .link = $0 { true } else { false } }) else { return }

        var column = 0
        for piece in pieces {
            switch piece {
            case .text(let content):
                let textNode = cmark_node_new(CMARK_NODE_TEXT)
                cmark_node_set_literal(textNode, content)
                cmark_node_insert_before(node, textNode)
                column += content.count
            case .link(let link):
                let linkNode = cmark_node_new(CMARK_NODE_LINK)
                let label = cmark_node_new(CMARK_NODE_TEXT)
                referencedSlugs.insert(link.slug)
                switch resolver?.resolve(slug: link.slug) {
                case .success(let target)?:
                    cmark_node_set_url(linkNode, target.href + (link.fragment.map { "#\($0)" } ?? ""))
                    cmark_node_set_literal(label, link.text ?? target.title)
                    note(target.slug)
                case .failure(let error)? where error.isConsequence:
                    cmark_node_set_literal(label, link.text ?? link.slug)
                case .failure(let error)?:
                    report(error.described(adding: " in [[\(link.raw)]]"), at: node, columnShift: column)
                    cmark_node_set_literal(label, link.text ?? link.slug)
                case nil:
                    cmark_node_set_literal(label, link.text ?? link.slug)
                }
                cmark_node_append_child(linkNode, label)
                cmark_node_insert_before(node, linkNode)
                column += link.raw.count + 4
            }
        }
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    /// Gives every heading a stable, unique `id` (from its text) and returns them in order.
    mutating func identifyHeadings(in document: OpaquePointer) -> [Heading] {
        var headingNodes: [OpaquePointer] = []
        forEachNode(in: document) { node, entering in
            if entering, cmark_node_get_type(node) == CMARK_NODE_HEADING { headingNodes.append(node) }
        }
        var used: Set<String> = Self.reservedIDs
        var headings: [Heading] = []
        for node in headingNodes {
            let level = Int(cmark_node_get_heading_level(node))
            let text = Self.plainText(of: node).trimmingCharacters(in: .whitespacesAndNewlines)
            let base = SourcePage.suggestedSlug(text).isEmpty ? "section" : SourcePage.suggestedSlug(text)
            var id = base
            var counter = 1
            while used.contains(id) {
                id = "\(base)-\(counter)"
                counter += 1
            }
            used.insert(id)
            headings.append(Heading(level: level, text: text, id: id))
            // cmark-gfm's HTML renderer has no heading attributes; a custom block with the same children
            // renders them between our own opening and closing tags, in safe mode too.
            let wrapper = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)
            cmark_node_set_on_enter(wrapper, "<h\(level) id=\"\(id)\">")
            cmark_node_set_on_exit(wrapper, "</h\(level)>")
            while let child = cmark_node_first_child(node) {
                cmark_node_unlink(child)
                cmark_node_append_child(wrapper, child)
            }
            cmark_node_insert_before(node, wrapper)
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        return headings
    }

    /// Ids the default theme uses itself, which a heading must not take.
    static let reservedIDs: Set<String> = ["main-content", "on-this-page", "search", "search-input", "search-results",
        "search-status", "search-hint", "site-search-input", "care", "care-emergency", "care-urgent", "care-routine",
        "sources", "body-areas", "browse", "where"]

    /// The words of a subtree, with spaces at line breaks and newlines between blocks.
    static func plainText(of root: OpaquePointer) -> String {
        var text = ""
        forEachNode(in: root) { node, entering in
            let type = cmark_node_get_type(node)
            if entering {
                switch type {
                case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                    if let literal = cmark_node_get_literal(node) { text += String(cString: literal) }
                case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                    text += " "
                default: break
                }
            } else if type != CMARK_NODE_DOCUMENT, cmark_node_first_child(node) != nil,
                      Int32(type.rawValue) & CMARK_NODE_TYPE_MASK == CMARK_NODE_TYPE_BLOCK {
                text += "\n"
            } else if type == CMARK_NODE_CUSTOM_BLOCK {
                text += "\n"
            }
        }
        return text
    }

    private mutating func note(_ slug: String) {
        if seenSlugs.insert(slug).inserted { linkedSlugs.append(slug) }
    }

    private mutating func report(_ message: String, at node: OpaquePointer, columnShift: Int = 0) {
        var line = Int(cmark_node_get_start_line(node))
        var column = Int(cmark_node_get_start_column(node))
        if line == 0 { // inline nodes made by extensions may lack positions; fall back to the enclosing block
            var parent = cmark_node_parent(node)
            while let block = parent, cmark_node_get_start_line(block) == 0 { parent = cmark_node_parent(block) }
            line = parent.map { Int(cmark_node_get_start_line($0)) } ?? 0
            column = 0
        }
        diagnostics.append(Diagnostic(file: path, line: line > 0 ? line + lineOffset : nil,
                                      column: column > 0 ? column + columnShift : nil, message: message))
    }
}

/// Visits every node under `root` (including it), entering and exiting. The tree must not be changed meanwhile.
func forEachNode(in root: OpaquePointer, _ visit: (OpaquePointer, _ entering: Bool) -> Void) {
    guard let iterator = cmark_iter_new(root) else { return }
    defer { cmark_iter_free(iterator) }
    while true {
        let event = cmark_iter_next(iterator)
        if event == CMARK_EVENT_DONE { break }
        if let node = cmark_iter_get_node(iterator) { visit(node, event == CMARK_EVENT_ENTER) }
    }
}
