/// A content file after its front matter has been read: what it is, where it goes, what it says.
///
/// Immutable, and stored behind one reference: a 10,000-page site copies its pages into caches, job inputs
/// and lists on every live rebuild, and one retain per copy is much cheaper than one per field.
public struct SourcePage: Sendable, Hashable {
    private final class Storage: Sendable {
        let path: String, kind: PageKind, slug: String, isHome: Bool
        let frontMatter: FrontMatter, body: Substring, bodyStartLine: Int, urlPath: String

        init(path: String, kind: PageKind, slug: String, isHome: Bool, frontMatter: FrontMatter, body: Substring, bodyStartLine: Int) {
            (self.path, self.kind, self.slug, self.isHome) = (path, kind, slug, isHome)
            (self.frontMatter, self.body, self.bodyStartLine) = (frontMatter, body, bodyStartLine)
            urlPath = isHome ? "/" : "/\(kind.folder)/\(slug)/"
        }
    }

    private let storage: Storage

    init(path: String, kind: PageKind, slug: String, isHome: Bool, frontMatter: FrontMatter, body: Substring, bodyStartLine: Int) {
        storage = Storage(path: path, kind: kind, slug: slug, isHome: isHome, frontMatter: frontMatter, body: body,
                          bodyStartLine: bodyStartLine)
    }

    /// The same page without its Markdown, for a build that has rendered it and keeps nothing for a next one.
    func withoutBody() -> SourcePage {
        SourcePage(path: path, kind: kind, slug: slug, isHome: isHome, frontMatter: frontMatter, body: "", bodyStartLine: bodyStartLine)
    }

    /// Path relative to the site folder, as shown in errors (`content/conditions/sciatica.md`).
    public var path: String { storage.path }
    public var kind: PageKind { storage.kind }
    /// File name without `.md`; unique across the site. The home page's slug is `index`.
    public var slug: String { storage.slug }
    public var isHome: Bool { storage.isHome }
    public var frontMatter: FrontMatter { storage.frontMatter }
    /// The Markdown after the front matter: a slice of the file's text, which is kept once.
    public var body: Substring { storage.body }
    /// 1-based line of the file where the Markdown body starts, to map body positions to file lines.
    public var bodyStartLine: Int { storage.bodyStartLine }

    /// The page's URL path below the site root: `/conditions/sciatica/`, or `/` for the home page.
    public var urlPath: String { storage.urlPath }

    public static func == (a: SourcePage, b: SourcePage) -> Bool {
        a.storage === b.storage || (a.path == b.path && a.kind == b.kind && a.slug == b.slug && a.isHome == b.isHome
            && a.frontMatter == b.frontMatter && a.body == b.body && a.bodyStartLine == b.bodyStartLine)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(path)
        hasher.combine(body)
        hasher.combine(frontMatter)
    }

    /// The day the page is next due for review.
    public func nextReview(intervalMonths: Int) -> Day? {
        frontMatter.nextReview ?? frontMatter.lastReviewed?.adding(months: intervalMonths)
    }
}

extension SourcePage {
    /// Parses one content file. `path` is relative to the site folder and decides kind and slug.
    /// Returns nil when the file cannot become a page; problems are appended to `diagnostics`.
    static func parse(path: String, text: String, diagnostics: inout [Diagnostic]) -> SourcePage? {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.first == "content", parts.count == 2 || parts.count == 3, let name = parts.last, name.hasSuffix(".md") else {
            diagnostics.append(Diagnostic(file: path, message: "content pages live in content/<kind>/<slug>.md; sub-folders are not allowed"))
            return nil
        }
        let slug = String(name.dropLast(3))
        let kind: PageKind
        let isHome = parts.count == 2
        if isHome {
            guard slug == "index" else {
                diagnostics.append(Diagnostic(file: path, message:
                    "only index.md may sit directly in content/; move this page into one of \(PageKind.allCases.map { "content/\($0.folder)/" }.joined(separator: ", "))"))
                return nil
            }
            kind = .page
        } else {
            guard let folderKind = PageKind(folder: parts[1]) else {
                diagnostics.append(Diagnostic(file: path, message:
                    "unknown content folder '\(parts[1])'\(Suggestion.hint(for: parts[1], in: PageKind.allCases.map(\.folder)))"))
                return nil
            }
            kind = folderKind
            guard isValidSlug(slug) else {
                diagnostics.append(Diagnostic(file: path, message:
                    "'\(slug)' is not a valid slug: use lowercase letters, digits and single hyphens, like '\(suggestedSlug(slug))'"))
                return nil
            }
        }
        let document: SplitDocument
        switch FrontMatter.split(text, file: path) {
        case .success(let split): document = split
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return nil
        }
        guard let matter = FrontMatter.parse(yaml: document.yaml, file: path, diagnostics: &diagnostics) else { return nil }
        return SourcePage(path: path, kind: kind, slug: slug, isHome: isHome, frontMatter: matter,
                          body: document.body, bodyStartLine: document.bodyStartLine)
    }

    /// Lowercase letters, digits and hyphens, not starting or ending with a hyphen and with no double hyphens.
    static func isValidSlug(_ slug: String) -> Bool {
        !slug.isEmpty && slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && !slug.hasPrefix("-") && !slug.hasSuffix("-") && slug.range(ofASCII: "--") == nil
    }

    /// `Baker's Cyst` → `bakers-cyst`, `Ménière's disease` → `menieres-disease`: what a title or bad file name
    /// should become as a slug. Latin letters lose their accents; letters of other scripts are dropped, so a title
    /// with no Latin letters or digits gives an empty slug.
    public static func suggestedSlug(_ text: String) -> String {
        // Compatibility decomposition splits `é` into `e` and an accent, and `ﬁ`, `ǆ` or `²` into plain letters
        // and digits; ASCII text (most headings, which are slugged too) needs none of it.
        let lowered = text.lowercased()
        let plain = lowered.utf8.allSatisfy { $0 < 0x80 } ? lowered : lowered.decomposedStringWithCompatibilityMapping
        var slug = ""
        for scalar in plain.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !scalar.isASCII, let letters = latinLettersWithoutDecomposition[scalar] {
                slug += letters
            } else if scalar == "'" || scalar == "’" || scalar == "·" || scalar.properties.isAlphabetic
                        || [.nonspacingMark, .spacingMark, .enclosingMark].contains(scalar.properties.generalCategory) {
                // Apostrophes, accents, Catalan's `l·l` and letters with no plain form are dropped, not turned into
                // hyphens, so `Ménière's` stays one word.
                continue
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug
    }

    /// Lowercase Latin letters that Unicode does not decompose into a plain letter and a mark, spelled the way
    /// English writes them in names and loanwords.
    static let latinLettersWithoutDecomposition: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "þ": "th", "ð": "d", "ı": "i", "ħ": "h",
        "ŧ": "t", "ŋ": "ng", "ƒ": "f",
    ]
}
