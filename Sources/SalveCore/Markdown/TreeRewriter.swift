import CCmarkGFM
import Foundation

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

    /// Links and images to check once the whole site is known.
    private(set) var references: [BodyReference] = []
    /// The path part of the site's `base_url`, put before root-relative links.
    let basePath: String

    /// Settings text nodes may show as `{{ site.<key> }}`.
    let siteValues: [String: String]

    init(path: String, lineOffset: Int, resolver: LinkResolver?, basePath: String = "", siteValues: [String: String] = [:]) {
        self.path = path
        self.lineOffset = lineOffset
        self.resolver = resolver
        self.basePath = basePath
        self.siteValues = siteValues
    }

    /// Turns `[[slug]]` and `[[slug|text]]` in text nodes into links, points relative `.md` links at page URLs,
    /// puts the base path before root-relative links, and checks every other link and image as far as one body can.
    mutating func rewriteLinks(in document: OpaquePointer) {
        // Links first: a decorative image loses its text, so text nodes are gathered only afterwards.
        var linkNodes: [OpaquePointer] = []
        forEachNode(in: document) { node, entering in
            let type = cmark_node_get_type(node)
            if entering, type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE { linkNodes.append(node) }
        }
        for node in linkNodes { rewriteLink(node) }
        var textNodes: [OpaquePointer] = []
        forEachNode(in: document) { node, entering in
            if entering, cmark_node_get_type(node) == CMARK_NODE_TEXT { textNodes.append(node) }
        }
        for node in textNodes {
            insertSettings(node)
            expandWikiLinks(node)
        }
    }

    /// Replaces `{{ site.emergency_number }}` and the other settings in `siteValues` with their values. Text in
    /// code is not a text node, so `` `{{ site.title }}` `` stays as written.
    private mutating func insertSettings(_ node: OpaquePointer) {
        // Most text has no braces: told from the C string, without making a Swift one.
        guard let literalPointer = cmark_node_get_literal(node), strstr(literalPointer, "{{") != nil else { return }
        let text = String(cString: literalPointer)
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(ofASCII: "{{"), let close = rest[open.upperBound...].range(ofASCII: "}}") {
            let name = rest[open.upperBound..<close.lowerBound].trimmingSpaces()
            result += rest[..<open.lowerBound]
            let column = text.distance(from: text.startIndex, to: open.lowerBound)
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0 == "_" || $0 == "." }) {
                let key = name.hasPrefix("site.") ? String(name.dropFirst(5)) : name
                if name.hasPrefix("site."), let value = siteValues[key] {
                    result += value
                } else {
                    let known = siteValues.keys.sorted().map { "site.\($0)" }
                    let hint = Suggestion.hint(for: name, in: known)
                    report("unknown setting '{{ \(name) }}'" + (hint.isEmpty ? "; a" : hint + " A") + " page body can show "
                           + known.map { "{{ \($0) }}" }.joined(separator: ", ") + " (to show braces as they are, put them in `code`)",
                           at: node, columnShift: column)
                    result += rest[open.lowerBound..<close.upperBound]
                }
            } else {
                result += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        result += rest
        cmark_node_set_literal(node, result)
    }

    /// Schemes a link may use. Anything else (`javascript:`, `file:`, `ftp:`) is refused.
    static let allowedSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    private mutating func rewriteLink(_ node: OpaquePointer) {
        let isImage = cmark_node_get_type(node) == CMARK_NODE_IMAGE
        let what = isImage ? "image" : "link"
        let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
        if isImage { checkAltText(node, url: url) }
        if url.isEmpty {
            report("\(what) with no address: put the address between the brackets, like [text](/pages/about/)", at: node)
            return
        }
        if url.hasPrefix("#") {
            record(.heading(page: nil, id: Self.decoded(String(url.dropFirst()))), written: url, isImage: isImage, at: node)
            return
        }
        if let scheme = Self.scheme(of: url) {
            if let problem = Self.problem(withExternal: url, scheme: scheme) {
                report("\(what) '\(url)': \(problem)", at: node)
            } else if scheme == "http" || scheme == "https" {
                record(.external(url), written: url, isImage: isImage, at: node)
            }
            return
        }
        if url.hasPrefix("//") {
            report("\(what) '\(url)' has no scheme; write the whole address, starting with https://", at: node)
            return
        }
        let (location, fragment) = Self.splitFragment(url)
        if location.hasPrefix("/") {
            var sitePath = Self.decoded(location)
            if !basePath.isEmpty, sitePath == basePath || sitePath.hasPrefix(basePath + "/") {
                sitePath = String(sitePath.dropFirst(basePath.count)).isEmpty ? "/" : String(sitePath.dropFirst(basePath.count))
            } else {
                cmark_node_set_url(node, basePath + url)
            }
            record(.sitePath(sitePath, fragment: fragment), written: url, isImage: isImage, at: node)
            return
        }
        rewriteRelative(node, url: url, location: location, fragment: fragment, isImage: isImage)
    }

    /// A relative link: to a page's Markdown file (`../symptoms/numbness.md#what-it-feels-like`), or to a file in
    /// `static/` (`../../static/images/leg.png`), both seen from this page's file as editors' previews see them.
    private mutating func rewriteRelative(_ node: OpaquePointer, url: String, location: String, fragment: String?, isImage: Bool) {
        let what = isImage ? "image" : "link"
        let file = Self.decoded(location)
        guard let resolver else { return }
        if file.hasSuffix(".md"), !isImage {
            referencedSlugs.insert(String(file.split(separator: "/").last?.dropLast(3) ?? ""))
            switch resolver.resolve(relativePath: file, from: path) {
            case .success(let target):
                cmark_node_set_url(node, target.href + (fragment.map { "#\($0)" } ?? ""))
                note(target.slug)
                if let fragment { record(.heading(page: target.slug, id: Self.decoded(fragment)), written: url, isImage: false, at: node) }
            case .failure(let error):
                if !error.isConsequence { report(error.description, at: node) }
            }
            return
        }
        guard let target = LinkResolver.sitePath(of: file, from: path) else {
            report("\(what) '\(url)' leads outside the site folder", at: node)
            return
        }
        if target.hasPrefix("static/") {
            let published = "/" + target.dropFirst("static/".count)
            cmark_node_set_url(node, basePath + published + (fragment.map { "#\($0)" } ?? ""))
            record(.sitePath(published, fragment: fragment), written: url, isImage: isImage, at: node)
            return
        }
        if ["http/", "https/", "www."].contains(where: location.lowercased().hasPrefix) {
            report("\(what) '\(url)' looks like a web address; write it in full, starting with https://", at: node)
            return
        }
        let name = String(target.split(separator: "/").last ?? "")
        report("\(what) '\(url)' points to \(target), which is not published; put images and other files in static/ "
               + "and link them from the site root, like '/images/\(name)' for static/images/\(name)", at: node)
    }

    /// Every image needs alt text: people who cannot see it hear it instead. `![decorative](…)` says it adds
    /// nothing to the words around it, and gets the empty alt text that tells screen readers to skip it.
    private mutating func checkAltText(_ node: OpaquePointer, url: String) {
        let alt = Self.plainText(of: node).trimmingSpacesAndNewlines()
        if alt.isEmpty {
            report("image '\(url)' has no alt text; describe what it shows between the brackets, like ![Where the calf "
                   + "muscles are](\(url)), for people who cannot see it; if it is only decoration, write ![decorative](\(url))", at: node)
        } else if alt.lowercased() == "decorative" {
            while let child = cmark_node_first_child(node) {
                cmark_node_unlink(child)
                cmark_node_free(child)
            }
        }
    }

    /// The scheme of an absolute URL (`https`, `mailto`), lowercased; nil for relative and root-relative links.
    static func scheme(of url: String) -> String? {
        guard let colon = url.firstIndex(of: ":") else { return nil }
        let scheme = url[..<colon]
        guard let first = scheme.first, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return scheme.lowercased()
    }

    /// Why an absolute URL is not well-formed, or nil when it is. Nothing is fetched.
    static func problem(withExternal url: String, scheme: String) -> String? {
        guard allowedSchemes.contains(scheme) else {
            return "links may start with https://, http://, mailto: or tel:, not '\(scheme):'"
        }
        let rest = url.dropFirst(scheme.count + 1)
        switch scheme {
        case "mailto":
            let address = rest.split(separator: "?", maxSplits: 1).first ?? ""
            let parts = address.split(separator: "@", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") ? nil
                : "'\(address)' is not an email address; write it like mailto:help@example.org"
        case "tel":
            return !rest.isEmpty && rest.allSatisfy({ $0.isNumber || " +-().".contains($0) }) ? nil
                : "a phone link holds only digits, spaces and + - ( ), like tel:+441234567890"
        default:
            guard rest.hasPrefix("//") else { return "write '\(scheme)://' with two slashes" }
            let authority = rest.dropFirst(2).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            let host = authority.split(separator: "@").last.map { $0.split(separator: ":").first ?? "" } ?? ""
            let labels = host.split(separator: ".", omittingEmptySubsequences: false)
            guard !host.isEmpty, labels.allSatisfy({ !$0.isEmpty }),
                  host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }) else {
                return "'\(host)' is not a web address's host name; check the address for typos"
            }
            guard labels.count >= 2 || host == "localhost" else {
                return "'\(host)' has no domain ending such as .org or .com; check the address"
            }
            return url.contains(" ") ? "addresses cannot contain spaces; write them as %20" : nil
        }
    }

    /// `("/conditions/sciatica/", "causes")` for `/conditions/sciatica/#causes`; a query is dropped.
    static func splitFragment(_ url: String) -> (location: String, fragment: String?) {
        let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let location = parts[0].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        return (String(location), parts.count > 1 ? String(parts[1]) : nil)
    }

    static func decoded(_ text: String) -> String {
        text.removingPercentEncoding ?? text
    }

    private mutating func record(_ target: BodyReference.Target, written: String, isImage: Bool, at node: OpaquePointer, columnShift: Int = 0) {
        let (line, column) = position(of: node, columnShift: columnShift)
        references.append(BodyReference(target: target, written: written, isImage: isImage, line: line, column: column))
    }

    private mutating func expandWikiLinks(_ node: OpaquePointer) {
        guard let literalPointer = cmark_node_get_literal(node), strstr(literalPointer, "[[") != nil else { return }
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
                    if let fragment = link.fragment {
                        record(.heading(page: target.slug, id: fragment), written: "[[\(link.raw)]]", isImage: false, at: node, columnShift: column)
                    }
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
            let text = Self.plainText(of: node).trimmingSpacesAndNewlines()
            let slug = SourcePage.suggestedSlug(text)
            let base = slug.isEmpty ? "section" : slug
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
    ///
    /// Gathered as bytes and made a string once, at its exact size: a string grown by `+=` keeps up to twice the
    /// room it needs, and every page's plain text is held until the search index is made (27 MB of a
    /// 14,500-page site's peak was that room).
    static func plainText(of root: OpaquePointer) -> String {
        var text: [UInt8] = []
        forEachNode(in: root) { node, entering in
            let type = cmark_node_get_type(node)
            if entering {
                switch type {
                case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                    if let literal = cmark_node_get_literal(node) {
                        text.append(contentsOf: UnsafeBufferPointer(start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self),
                                                                    count: strlen(literal)))
                    }
                case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                    text.append(UInt8(ascii: " "))
                default: break
                }
            } else if type != CMARK_NODE_DOCUMENT, cmark_node_first_child(node) != nil,
                      Int32(type.rawValue) & CMARK_NODE_TYPE_MASK == CMARK_NODE_TYPE_BLOCK {
                text.append(UInt8(ascii: "\n"))
            } else if type == CMARK_NODE_CUSTOM_BLOCK {
                text.append(UInt8(ascii: "\n"))
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    private mutating func note(_ slug: String) {
        if seenSlugs.insert(slug).inserted { linkedSlugs.append(slug) }
    }

    private mutating func report(_ message: String, at node: OpaquePointer, columnShift: Int = 0) {
        let (line, column) = position(of: node, columnShift: columnShift)
        diagnostics.append(Diagnostic(file: path, line: line, column: column, message: message))
    }

    /// The file line and column of a node, falling back to its block's line for inline nodes made by extensions.
    private func position(of node: OpaquePointer, columnShift: Int) -> (line: Int?, column: Int?) {
        var line = Int(cmark_node_get_start_line(node))
        var column = Int(cmark_node_get_start_column(node))
        if line == 0 { // inline nodes made by extensions may lack positions; fall back to the enclosing block
            var parent = cmark_node_parent(node)
            while let block = parent, cmark_node_get_start_line(block) == 0 { parent = cmark_node_parent(block) }
            line = parent.map { Int(cmark_node_get_start_line($0)) } ?? 0
            column = 0
        }
        return (line > 0 ? line + lineOffset : nil, column > 0 ? column + columnShift : nil)
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
