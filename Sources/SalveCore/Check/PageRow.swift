/// What the editors' dashboard shows of one page.
public struct PageRow: Sendable, Hashable {
    public var path: String
    public var title: String
    public var kind: PageKind
    /// The page's address on the published site.
    public var url: String
    public var lastReviewed: Day?
    public var nextReview: Day?
    public var reviewedBy: String?
    public var grade: Double
    public var smog: Double
    public var words: Int
    /// Pages that link here (front matter or body), and pages this one links to.
    public var linksIn: Int
    public var linksOut: Int
    /// The findings about this page, most serious first.
    public var findings: [Finding]

    /// A row for every page of `site` (health pages first by kind, then the rest), with its findings.
    static func rows(site: Site, findings: [Finding], measures: [String: Readability.Measure]) -> [PageRow] {
        let byFile = Dictionary(grouping: findings, by: \.file)
        let pages = site.pages.sorted { ($0.kind, $0.frontMatter.title) < ($1.kind, $1.frontMatter.title) } + [site.home].compactMap { $0 }
        return pages.map { page in
            let body = measures[page.path] ?? Readability.measure("")
            let backward = Set((site.graph.backward[page.slug] ?? [:]).values.joined()).union(site.graph.mentionedBy[page.slug] ?? [])
            let forward = Set((site.graph.forward[page.slug] ?? [:]).values.joined()).union(site.bodies[page.path]?.linkedSlugs ?? [])
            return PageRow(path: page.path, title: page.frontMatter.title, kind: page.kind, url: site.absoluteURL(page.urlPath),
                           lastReviewed: page.frontMatter.lastReviewed,
                           nextReview: page.nextReview(intervalMonths: site.settings.reviewIntervalMonths),
                           reviewedBy: page.frontMatter.reviewedBy, grade: body.grade, smog: body.smog, words: body.words,
                           linksIn: backward.subtracting([page.slug]).count, linksOut: forward.subtracting([page.slug]).count,
                           findings: (byFile[page.path] ?? []).sorted { ($0.severity, $0.line ?? 0) < ($1.severity, $1.line ?? 0) })
        }
    }
}
