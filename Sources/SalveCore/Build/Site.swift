/// Everything known about a site once its pages are parsed, rendered and linked: the input of the
/// output stage.
struct Site: Sendable {
    var settings: SiteSettings
    /// Published pages other than the home page, sorted by path.
    var pages: [SourcePage]
    var home: SourcePage?
    /// Rendered bodies by source path.
    var bodies: [String: RenderedBody]
    var graph: SiteGraph
    var bySlug: [String: SourcePage]
    /// What lists and links show of each page, by slug; made once per build.
    var cards: [String: Card]
    /// The pages of `content/pages/` (about, disclaimer), linked from every page's footer.
    var sitePages: [SourcePage]
    /// The declared body areas that have pages, in the order `salve.yaml` lists them.
    var areas: [BodyArea]

    init(settings: SiteSettings, pages: [SourcePage], home: SourcePage?, bodies: [String: RenderedBody], graph: SiteGraph) {
        self.settings = settings
        self.pages = pages
        self.home = home
        self.bodies = bodies
        self.graph = graph
        self.bySlug = Dictionary(pages.map { ($0.slug, $0) }, uniquingKeysWith: { a, _ in a })
        self.cards = Dictionary(pages.map { ($0.slug, Card($0, settings: settings)) }, uniquingKeysWith: { a, _ in a })
        self.sitePages = pages.filter { $0.kind == .page }
        self.areas = settings.bodyAreas.filter { graph.areas[$0.slug] != nil }
    }

    /// Where a shared care card's `about:` page is, when it names one that is published.
    func aboutURL(of card: SharedCareCard) -> String? {
        card.about.flatMap { bySlug[$0.value] }.map { href($0.urlPath) }
    }

    /// The links of the shared cards `care` uses, which its page shows: part of what the page is made from.
    func careLinks(_ care: CareAdvice) -> [String?] {
        care.cards.map { settings.careCard(named: $0.value).flatMap(aboutURL) }
    }

    /// A site-absolute link (`/legs/conditions/sciatica/`) for a path below the site root.
    func href(_ urlPath: String) -> String {
        settings.basePath + urlPath
    }

    /// The full URL of a path below the site root, for sitemaps and canonical links.
    func absoluteURL(_ urlPath: String) -> String {
        settings.baseURL + urlPath
    }

    /// What the search index holds of a page.
    func searchDocument(_ page: SourcePage) -> SearchIndex.Document {
        let body = bodies[page.path]
        return SearchIndex.Document(
            entry: SearchIndex.Entry(url: href(page.urlPath), title: page.frontMatter.title, kind: page.kind.rawValue,
                                     summary: page.frontMatter.summary, aliases: page.frontMatter.aliases,
                                     headings: body?.headings.map(\.text) ?? []),
            body: body?.plainText ?? "")
    }

    /// What the search index holds of every page, in page order (the page numbers of the index).
    var searchDocuments: [SearchIndex.Document] {
        let site = self
        return concurrentChunkMap(pages) { $0.map(site.searchDocument) }
    }

    /// Pages of the kinds that have index pages, A to Z entries and search results about health topics.
    var topicPages: [SourcePage] {
        pages.filter { $0.kind != .page }
    }
}
