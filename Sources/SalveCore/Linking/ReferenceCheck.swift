/// Checks what the Markdown stage could not check one body at a time: that every `#anchor` names a heading on
/// its page, and that every root-relative link and image names a page or file the site writes. Runs over all
/// bodies on every build (it is a lookup per link), so cached bodies are checked against the site as it is now.
struct ReferenceCheck {
    /// Published pages by slug (the home page has none: nothing links to it by slug).
    let pagesBySlug: [String: SourcePage]
    let bodies: [String: RenderedBody]
    let resolver: LinkResolver
    /// Every output path, relative to the site root; asked for only when some body has a root-relative link, so
    /// a live rebuild of a site without them does not gather 10,000 paths for nothing.
    let outputPaths: () -> [String]

    /// Every problem with the references of `pages`' bodies, in the order they were written. Links by address find
    /// their page among `everyPage` (all of `pages` when not given): a rebuild checks a few pages, whose links lead
    /// anywhere.
    func problems(in pages: [SourcePage], among everyPage: [SourcePage]? = nil) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var paths: SitePaths?
        for page in pages {
            for reference in bodies[page.path]?.references ?? [] {
                if case .sitePath = reference.target, paths == nil { paths = SitePaths(outputPaths(), pages: everyPage ?? pages) }
                if let message = problem(with: reference, on: page, paths: paths) {
                    found.append(Diagnostic(file: page.path, line: reference.line, column: reference.column, message: message))
                }
            }
        }
        return found
    }

    /// The URL paths the site writes, and the page at each page URL.
    struct SitePaths {
        /// `/conditions/sciatica/index.html`, with `/conditions/sciatica/` for each folder's page.
        var all: Set<String> = []
        var pages: [String: SourcePage]

        init(_ outputPaths: [String], pages: [SourcePage]) {
            for path in outputPaths {
                all.insert("/" + path)
                if path == "index.html" { all.insert("/") }
                if path.hasSuffix("/index.html") { all.insert("/" + path.dropLast("index.html".count)) }
            }
            self.pages = Dictionary(pages.map { ($0.urlPath, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    func problem(with reference: BodyReference, on page: SourcePage, paths: SitePaths?) -> String? {
        let what = reference.isImage ? "image" : "link"
        switch reference.target {
        case .heading(let slug, let id):
            guard let target = slug.map({ pagesBySlug[$0] }) ?? page else { return nil } // an unknown page is reported already
            return missingHeading(id, on: target, samePage: slug == nil || slug == page.slug).map { "\(what) \(reference.written): \($0)" }
        case .sitePath(let path, let fragment):
            guard let paths else { return nil }
            if paths.all.contains(path) || paths.all.contains(path + "/") {
                let pagePath = path.hasSuffix("/") ? path : path + "/"
                if let fragment, let target = paths.pages[pagePath] {
                    return missingHeading(fragment, on: target, samePage: target.path == page.path).map { "\(what) '\(reference.written)': \($0)" }
                }
                return nil
            }
            return missingPath(path, in: paths.all).map { "\(what) '\(reference.written)': \($0)" }
        case .external:
            return nil  // fetched by `salve check --external`, not by every build
        }
    }

    /// Why `id` is not an anchor on `target`, or nil when it is: one of its headings' ids, or a section the theme writes.
    private func missingHeading(_ id: String, on target: SourcePage, samePage: Bool) -> String? {
        let headings = bodies[target.path]?.headings.map(\.id) ?? []
        if headings.contains(id) || TreeRewriter.reservedIDs.contains(id) { return nil }
        let page = samePage ? "this page" : "the page '\(target.slug)'"
        if headings.isEmpty { return "\(page) has no heading '#\(id)'; it has no headings at all" }
        if let guess = Suggestion.closest(to: id, in: headings) { return "\(page) has no heading '#\(id)'; did you mean '#\(guess)'?" }
        let shown = headings.prefix(6).map { "#\($0)" }.joined(separator: ", ")
        return "\(page) has no heading '#\(id)'; its headings are \(shown)\(headings.count > 6 ? ", …" : "")"
    }

    /// Why nothing is at `path`, with the closest page or file the site does write; nil when the page is there
    /// but has errors of its own, already reported.
    private func missingPath(_ path: String, in sitePaths: Set<String>) -> String? {
        let parts = path.split(separator: "/")
        if parts.count == 2, PageKind(folder: String(parts[0])) != nil {
            let left = resolver.isLeftOut(String(parts[1]))
            if left.draft { return "'\(parts[1])' is a draft and is left out of this build; publish it, remove the link, or build with --drafts" }
            if left.broken { return nil }
        }
        let isFile = parts.last?.contains(".") == true
        let candidates = sitePaths.filter { isFile ? !$0.hasSuffix("/") && !$0.hasSuffix(".html") : $0.hasSuffix("/") }
        let hint = Suggestion.closest(to: path, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
        if isFile {
            return "no file at \(path) in this site; files in static/ are published from the site root (static\(path) → \(path))\(hint)"
        }
        return "no page at \(path) in this site\(hint)"
    }
}
