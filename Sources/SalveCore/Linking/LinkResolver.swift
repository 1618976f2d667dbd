/// Finds the page that a slug or a relative `.md` path names, for links in bodies and front matter.
public struct LinkResolver: Sendable {
    /// What a link resolves to.
    public struct Target: Sendable, Hashable {
        public var slug: String
        public var kind: PageKind
        public var title: String
        public var urlPath: String
        /// The link to write in HTML: `urlPath` below the site's base path.
        public var href: String
    }

    private var bySlug: [String: Target]
    private let byPath: [String: String]
    /// Slugs of draft pages left out of this build, to explain why a link to one fails.
    private let draftSlugs: Set<String>
    /// Slugs of files that exist but could not be parsed; links to them are not reported again.
    private let brokenSlugs: Set<String>

    init(pages: [SourcePage], drafts: Set<String> = [], broken: Set<String> = [], basePath: String = "") {
        self.draftSlugs = drafts
        self.brokenSlugs = broken
        var bySlug: [String: Target] = [:]
        var byPath: [String: String] = [:]
        for page in pages where !page.isHome {
            bySlug[page.slug] = Target(slug: page.slug, kind: page.kind, title: page.frontMatter.title, urlPath: page.urlPath,
                                       href: basePath + page.urlPath)
            byPath[page.path] = page.slug
        }
        self.bySlug = bySlug
        self.byPath = byPath
    }

    /// Takes the new title of a page it knows (same slug, kind and path), for a rebuild after an edit.
    mutating func retitle(_ page: SourcePage) {
        bySlug[page.slug]?.title = page.frontMatter.title
    }

    /// The page with this slug, or a message that says what is wrong and what was probably meant.
    public func resolve(slug: String, expecting kind: PageKind? = nil, what: String = "page") -> Result<Target, LinkError> {
        guard let target = bySlug[slug] else {
            if brokenSlugs.contains(slug) {
                return .failure(LinkError(message: "'\(slug)' could not be read", isConsequence: true))
            }
            if draftSlugs.contains(slug) {
                return .failure(LinkError(message: "'\(slug)' is a draft and is left out of this build; publish it, remove the link, or build with --drafts"))
            }
            let candidates = bySlug.values.filter { kind == nil || $0.kind == kind }.map(\.slug)
            return .failure(LinkError(message: "unknown \(what) '\(slug)'", hint: Suggestion.hint(for: slug, in: candidates)))
        }
        if let kind, target.kind != kind {
            return .failure(LinkError(message:
                "'\(slug)' is a \(target.kind.singular.lowercased()), not a \(kind.singular.lowercased()); list it under a different key or pick another page"))
        }
        return .success(target)
    }

    /// Everything that decides how a link to `slug` resolves: the page it names, or why there is none.
    /// A body rendered earlier is still right while every slug it referenced has the same state.
    public struct SlugState: Sendable, Hashable {
        var target: Target?
        var isDraft: Bool
        var isBroken: Bool
    }

    public func state(of slug: String) -> SlugState {
        SlugState(target: bySlug[slug], isDraft: draftSlugs.contains(slug), isBroken: brokenSlugs.contains(slug))
    }

    /// The page a relative Markdown link such as `../symptoms/numbness.md` points to, seen from `fromPath`.
    public func resolve(relativePath: String, from fromPath: String) -> Result<Target, LinkError> {
        guard let path = Self.sitePath(of: relativePath, from: fromPath) else {
            return .failure(LinkError(message: "link '\(relativePath)' leads outside the site folder"))
        }
        if let slug = byPath[path], let target = bySlug[slug] { return .success(target) }
        let fileSlug = String(path.split(separator: "/").last ?? "").replacingOccurrences(of: ".md", with: "")
        if brokenSlugs.contains(fileSlug) { return .failure(LinkError(message: "'\(path)' could not be read", isConsequence: true)) }
        let file = String(path.split(separator: "/").last ?? "")
        let guess = Suggestion.closest(to: String(file.dropLast(3)), in: bySlug.keys)
        return .failure(LinkError(message: "link to '\(relativePath)': no page at \(path)",
                                  hint: guess.map { "; did you mean [[\($0)]]?" } ?? ""))
    }

    /// Where a relative path written in the file at `fromPath` leads, relative to the site folder
    /// (`../../static/leg.png` from `content/conditions/sciatica.md` → `static/leg.png`); nil when it leaves the site.
    static func sitePath(of relativePath: String, from fromPath: String) -> String? {
        var components = fromPath.split(separator: "/").dropLast().map(String.init)
        for part in relativePath.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if components.isEmpty { return nil }
                components.removeLast()
            default: components.append(String(part))
            }
        }
        return components.joined(separator: "/")
    }

    /// True when `slug` names a page that is left out of this build: a draft, or a file with errors of its own.
    func isLeftOut(_ slug: String) -> (draft: Bool, broken: Bool) {
        (draftSlugs.contains(slug), brokenSlugs.contains(slug))
    }
}

/// Why a link could not be resolved, in words for the author.
public struct LinkError: Error, Sendable, Hashable {
    public var message: String
    /// "; did you mean 'x'?" or empty; kept apart so callers can add context before it.
    public var hint: String = ""
    /// True when the target exists but has errors of its own, already reported: not worth a second error.
    public var isConsequence = false

    /// The message with its hint.
    public var description: String { message + hint }

    /// The message with `context` inserted before the hint.
    public func described(adding context: String) -> String { message + context + hint }
}
