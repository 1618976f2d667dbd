import Foundation

/// One file of the finished site before it is rendered: where it goes, everything its bytes depend on, and
/// how to make them. A rebuild renders a job again only when its inputs differ from the last build's.
struct OutputJob: Sendable {
    var path: String
    var inputs: OutputInputs
    /// Renders the file, given a table of the list items an earlier render of it made (or an empty one), to reuse
    /// and add to, and those other files of this build made; returns its bytes. Given no table (a build that keeps
    /// nothing for the next), it keeps none.
    var make: @Sendable (ItemTable?, SharedItems) -> Data
    /// A file that lists every page of a kind or area, or of the site (the A to Z): it takes as long to render as
    /// hundreds of pages, so it is started first.
    var isList = false
}

/// What an output's bytes depend on, apart from the site's chrome (`SiteChrome`): the
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

/// What one build remembers of its output for the next: per file, the inputs it was rendered from and a
/// digest of its bytes, so that a rebuild re-renders only what changed and writes only what differs.
public struct OutputCache: Sendable {
    struct Record: Sendable {
        /// Nil for files made from the whole site (search index, sitemap): made whenever the site changed, except
        /// the search index's text files, which are named by their contents and made only under a new name.
        var inputs: OutputInputs?
        var digest: Int
        /// The HTML of the file's list items, when it has many, so that rendering it again reuses them.
        var items: ItemTable?
    }

    /// The chrome every file was rendered with.
    var chrome: SiteChrome?
    var records: [String: Record] = [:]
    /// The search index of the last build, which a rebuild updates.
    var search: SearchIndex?

    public init() {}

    init(chrome: SiteChrome, records: [String: Record], search: SearchIndex?) {
        self.chrome = chrome
        self.records = records
        self.search = search
    }

    /// A digest of `data` for telling changed files from unchanged ones within one process.
    static func digest(_ data: some ContiguousBytes) -> Int {
        var hasher = Hasher()
        data.withUnsafeBytes { hasher.combine(bytes: $0) }
        return hasher.finalize()
    }
}

/// The output stage's result: the files it wrote (their bytes differ from the last build's), the paths that are
/// gone, and the cache for the next build.
struct RenderedSite: Sendable {
    var written: [String]
    var removed: [String]
    /// How many files were rendered through the theme.
    var rendered: Int
    var cache: OutputCache
}
