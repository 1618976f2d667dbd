import Foundation

/// One file of the finished site before it is rendered: where it goes, everything its bytes depend on, and
/// how to make them. A rebuild renders a job again only when its inputs differ from the last build's.
struct OutputJob: Sendable {
    var path: String
    var inputs: OutputInputs
    /// Renders the file, given the list items an earlier render of it made and those other files of this build
    /// made; returns its bytes and the items this render used.
    var make: @Sendable ([ListItem: String], SharedItems) -> (Data, [ListItem: String])
}

/// What an output's bytes depend on, apart from the site-wide values in `OutputCache.Global`: the
/// fingerprint of its template (with every partial and parent it uses) and the data its context reads.
///
/// `@unchecked Sendable` because `AnyHashable` is not Sendable; the initializer only ever boxes Sendable values.
struct OutputInputs: @unchecked Sendable, Equatable {
    let template: Int
    /// Boxed once, when the job is made: boxing on every comparison cost more than comparing.
    let values: AnyHashable

    init(template: Int, values: some Hashable & Sendable) {
        self.template = template
        self.values = AnyHashable(values)
    }
}

/// What a list item or a link to a page shows of it.
struct Card: Sendable, Hashable {
    var title: String
    var summary: String
    var urlPath: String
    var kind: PageKind
    /// How soon the page's condition needs medical help, when it needs it quickly (emergency or urgent).
    var urgency: CareLevel?

    init(title: String, summary: String, urlPath: String, kind: PageKind, urgency: CareLevel? = nil) {
        self.title = title
        self.summary = summary
        self.urlPath = urlPath
        self.kind = kind
        self.urgency = urgency
    }

    init(_ page: SourcePage, settings: SiteSettings) {
        self.init(title: page.frontMatter.title, summary: page.frontMatter.summary, urlPath: page.urlPath, kind: page.kind,
                  urgency: Self.urgency(of: page, settings: settings))
    }

    /// How soon a condition needs help: what its page says under `urgency:`, or else the most urgent level of
    /// the shared care cards that are about it (the clot-in-the-leg card makes a blood clot in the leg urgent).
    /// Nil for routine, and for every page that is not a condition.
    static func urgency(of page: SourcePage, settings: SiteSettings) -> CareLevel? {
        guard page.kind == .condition else { return nil }
        let level = page.frontMatter.urgency
            ?? CareLevel.allCases.first { level in settings.careCards.contains { $0.level == level && $0.about?.value == page.slug } }
        return level == .routine ? nil : level
    }
}

/// Everything a content page's context reads: the page, its body, its links both ways, and the cards of the
/// pages at the other end of them.
struct ContentInputs: Sendable, Hashable {
    var page: SourcePage
    var body: RenderedBody?
    var forward: [LinkField: [String]]?
    var backward: [LinkField: [String]]?
    var mentionedBy: [String]?
    var linked: [Card?]
    var careLinks: [String?]
}

/// What the A to Z shows of a page: its card and its other names.
struct AToZInputs: Sendable, Hashable {
    var card: Card?
    var aliases: [String]
}

/// Everything the home page's context reads.
struct HomeInputs: Sendable, Hashable {
    var home: SourcePage?
    var body: RenderedBody?
    var counts: [Int]
    var areas: [String]
    var careLinks: [String?]
    var symptoms: [Card?]
}

/// What one build remembers of its output for the next: per file, the inputs it was rendered from and a
/// digest of its bytes, so that a rebuild re-renders only what changed and writes only what differs.
public struct OutputCache: Sendable {
    /// Values every page shows (settings, the footer's links). When they change, everything is rendered again.
    struct Global: Sendable, Hashable {
        var settings: SiteSettings
        var footer: [Card]
        /// The fingerprint of `partials/list-item`, which the list items kept in records were rendered with.
        var itemTemplate: Int
    }

    struct Record: Sendable {
        /// Nil for files made from the whole site (search index, sitemap), which are made on every build.
        var inputs: OutputInputs?
        var digest: Int
        /// The HTML of the file's list items, when it has many, so that rendering it again reuses them.
        var items: [ListItem: String]?
    }

    var global: Global?
    var records: [String: Record] = [:]
    /// The search index of the last build, which a rebuild updates.
    var search: SearchIndex?

    public init() {}

    init(global: Global, records: [String: Record], search: SearchIndex?) {
        self.global = global
        self.records = records
        self.search = search
    }

    /// A digest of `data` for telling changed files from unchanged ones within one process.
    static func digest(_ data: Data) -> Int {
        var hasher = Hasher()
        data.withUnsafeBytes { hasher.combine(bytes: $0) }
        return hasher.finalize()
    }
}

/// The output stage's result: the files whose bytes differ from the last build, the paths that are gone, and
/// the cache for the next build.
struct RenderedSite: Sendable {
    var changed: [OutputFile]
    var removed: [String]
    /// How many files were rendered through the theme.
    var rendered: Int
    var cache: OutputCache
}
