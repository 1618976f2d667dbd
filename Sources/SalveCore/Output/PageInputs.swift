/// Everything one output file is made from, apart from the site's chrome: a rebuild renders the file again
/// exactly when its inputs (or the chrome, or its template) differ from the last build's. Its template context
/// is made from these values and nothing else, so a file cannot show what its inputs do not hold.
protocol PageInputs: Sendable, Hashable {
    /// The template the file is rendered with.
    var template: String { get }
    /// The values the template sees.
    func context(_ builder: inout PageContext) -> TemplateValue
}

/// What a list item or a link to a page shows of it.
///
/// Immutable, and stored behind one reference: every output's inputs list the cards of the pages it links to
/// (a 14,500-page site's jobs hold about 90,000), and as four strings and two enums each copy took 72 bytes
/// and four retains; as one reference it takes 8 bytes and one.
struct Card: Sendable, Hashable {
    private final class Storage: Sendable {
        let slug: String, title: String, summary: String, urlPath: String, kind: PageKind, urgency: CareLevel?
        let sortKey: String

        init(slug: String, title: String, summary: String, urlPath: String, kind: PageKind, urgency: CareLevel?) {
            (self.slug, self.title, self.summary, self.urlPath, self.kind, self.urgency) = (slug, title, summary, urlPath, kind, urgency)
            sortKey = title.lowercased()
        }
    }

    private let storage: Storage

    var slug: String { storage.slug }
    var title: String { storage.title }
    var summary: String { storage.summary }
    var urlPath: String { storage.urlPath }
    var kind: PageKind { storage.kind }
    /// How soon the page's condition needs medical help, when it needs it quickly (emergency or urgent).
    var urgency: CareLevel? { storage.urgency }
    /// The title lowercased, which lists sort on: made once per card, not once per list per build.
    var sortKey: String { storage.sortKey }

    init(_ page: SourcePage, settings: SiteSettings) {
        storage = Storage(slug: page.slug, title: page.frontMatter.title, summary: page.frontMatter.summary, urlPath: page.urlPath,
                          kind: page.kind, urgency: Self.urgency(of: page, settings: settings))
    }

    static func == (a: Card, b: Card) -> Bool {
        a.storage === b.storage || (a.slug == b.slug && a.title == b.title && a.summary == b.summary && a.urlPath == b.urlPath
            && a.kind == b.kind && a.urgency == b.urgency)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(slug)
        hasher.combine(title)
        hasher.combine(summary)
        hasher.combine(urlPath)
        hasher.combine(kind)
        hasher.combine(urgency)
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

/// A content page: the page, its body, the pages at both ends of its links, and the pages its shared care cards
/// are about.
struct ContentInputs: PageInputs {
    var page: SourcePage
    var body: RenderedBody?
    /// The pages it names in its front matter, by field, in the order written.
    var forward: [LinkField: [Card]]
    /// The pages that name it, by field, sorted by title.
    var backward: [LinkField: [Card]]
    /// The pages whose bodies link to it, sorted by title.
    var mentionedBy: [Card]
    /// The address of the page each of its shared care cards is about, one per name under `care: cards:`.
    var careLinks: [String?]

    var template: String { "page" }

    func context(_ builder: inout PageContext) -> TemplateValue {
        let chrome = builder.chrome
        let matter = page.frontMatter
        var context = builder.base(title: matter.title, summary: matter.summary, urlPath: page.urlPath, trail: Crumb.trail(to: page),
                                   isArticle: true)
        let toc = (body?.headings ?? []).filter { $0.level == 2 }
        let areas: [TemplateValue] = matter.bodyAreas.map {
            ["name": .string(chrome.areaName($0.value)), "url": .string(chrome.href("/body-areas/\($0.value)/"))]
        }
        let next = page.nextReview(intervalMonths: chrome.settings.reviewIntervalMonths)
        let sections = linkSections()
        let fields: TemplateObject = [
            "kind": .string(page.kind.rawValue),
            "kindLabel": .string(page.kind.singular),
            "title": .string(matter.title),
            "summary": .string(matter.summary),
            "hasAliases": .bool(!matter.aliases.isEmpty),
            "aliases": .list(matter.aliases.enumerated().map { index, alias in
                ["name": .string(alias), "last": .bool(index == matter.aliases.count - 1)]
            }),
            "care": builder.careContext(matter.care, links: careLinks),
            "hasToc": .bool(toc.count >= 2),
            "toc": .list(toc.map { ["text": .string($0.text), "id": .string($0.id)] }),
            "body": .string(body?.html ?? ""),
            "sections": builder.groups(sections),
            "hasAreas": .bool(!areas.isEmpty),
            "areas": .list(areas),
            "hasSources": .bool(!matter.sources.isEmpty),
            "sources": .list(matter.sources.map { source in
                var item: TemplateObject = ["title": .string(source.title)]
                if let publisher = source.publisher { item["publisher"] = .string(publisher) }
                if let url = source.url { item["url"] = .string(url) }
                return .object(item)
            }),
            "lastReviewed": .optional(matter.lastReviewed?.longForm),
            "lastReviewedISO": .string(matter.lastReviewed?.description ?? ""),
            "nextReview": .optional(next?.longForm),
            "nextReviewISO": .string(next?.description ?? ""),
            "reviewedBy": .optional(matter.reviewedBy),
            "jsonLD": .string(StructuredData.json(for: page, forward: forward, chrome: chrome)),
        ]
        context.merge(fields)
        return .object(context)

        /// Lists of linked pages: what this page names, then what names it, then body mentions not listed yet.
        func linkSections() -> [ListGroup] {
            var sections: [ListGroup] = []
            let (quick, others) = PageContext.seriousFirst(backward[.symptoms] ?? [])
            var listed: Set<String> = Set([page.slug] + quick.map(\.slug))
            func add(_ id: String, _ heading: String, _ cards: [Card], showKind: Bool = false) {
                guard !cards.isEmpty else { return }
                listed.formUnion(cards.map(\.slug))
                sections.append(ListGroup(id: "links-\(id)", heading: heading, items: cards.map { builder.item(for: $0, showKind: showKind) }))
            }
            add("symptoms", "Symptoms", forward[.symptoms] ?? [])
            add("causes", "What can cause it", forward[.causes] ?? [])
            add("risk-factors", "What raises the risk", forward[.riskFactors] ?? [])
            add("tests", "Tests", forward[.tests] ?? [])
            add("treatments", "Treatments", forward[.treatments] ?? [])
            add("caused-by-this", quick.isEmpty ? "Conditions that can cause this" : "Other causes", others)
            add("treats", "What this treats", backward[.treatments] ?? [])
            add("finds", "What this test helps find", backward[.tests] ?? [])
            add("raises-risk-of", "What this raises the risk of", backward[.riskFactors] ?? [])
            add("leads-to", "What this can lead to", backward[.causes] ?? [])
            let named = forward[.related] ?? []
            add("related", "Related pages", named + (backward[.related] ?? []).filter { card in !named.contains { $0.slug == card.slug } },
                showKind: true)
            add("mentions", "Other pages that mention this", mentionedBy.filter { !listed.contains($0.slug) }, showKind: true)
            if !quick.isEmpty {
                sections.insert(ListGroup(id: "links-quick-help", heading: PageContext.quickHelpHeading,
                                          items: quick.map { builder.item(for: $0, showUrgency: true) }), at: 0)
            }
            return sections
        }
    }
}

/// The home page: its own page (when `content/index.md` exists) and body, the number of pages of each kind, its
/// care cards' links, and the common symptoms it offers first.
struct HomeInputs: PageInputs {
    var home: SourcePage?
    var body: RenderedBody?
    /// Pages of each kind of `PageKind.indexed`, in that order.
    var counts: [Int]
    var careLinks: [String?]
    var symptoms: [Card]

    var template: String { "home" }

    func context(_ builder: inout PageContext) -> TemplateValue {
        let chrome = builder.chrome
        let title = home?.frontMatter.title ?? chrome.settings.title
        let summary = home?.frontMatter.summary ?? chrome.settings.description
        var context = builder.base(title: title, summary: summary, urlPath: "/", trail: [])
        let kinds: [TemplateValue] = zip(PageKind.indexed, counts).map { kind, count in
            ["title": .string(kind.plural), "url": .string(chrome.href("/\(kind.folder)/")), "count": "\(count) \(count == 1 ? "page" : "pages")"]
        }
        let areas: [TemplateValue] = chrome.areas.map { ["name": .string($0.name), "url": .string(chrome.href("/body-areas/\($0.slug)/"))] }
        let map = builder.bodyMap()
        context.merge([
            "title": .string(title), "summary": .string(summary), "body": .string(body?.html ?? ""),
            "kinds": .list(kinds), "hasAreas": .bool(!areas.isEmpty), "areas": .list(areas), "hasMap": .bool(map != nil), "bodyMap": .optional(map),
            "hasSymptoms": .bool(!symptoms.isEmpty),
            "symptoms": .list(symptoms.map { ["title": .string($0.title), "url": .string(chrome.href($0.urlPath))] }),
            "care": builder.careContext(home?.frontMatter.care ?? CareAdvice(), links: careLinks),
        ])
        return .object(context)
    }
}

/// The index of one kind of page (`/conditions/`): its pages, A to Z by title.
struct KindIndexInputs: PageInputs {
    var kind: PageKind
    var pages: [Card]

    var template: String { "list" }

    func context(_ builder: inout PageContext) -> TemplateValue {
        let groups = pages.isEmpty ? [] : [ListGroup(id: "all", heading: "All \(kind.plural.lowercased())", items: pages.map { builder.item(for: $0) })]
        return .object(builder.list(title: kind.plural, intro: "\(pages.count) \(pages.count == 1 ? "page" : "pages"), A to Z.",
                                    urlPath: "/\(kind.folder)/", groups: groups))
    }
}

/// One body area's page: the pages about it, those that need help quickly first.
struct BodyAreaInputs: PageInputs {
    var area: String
    var pages: [Card]

    var template: String { "list" }

    func context(_ builder: inout PageContext) -> TemplateValue {
        let (quick, others) = PageContext.seriousFirst(pages)
        var groups = quick.isEmpty ? [] : [ListGroup(id: "links-quick-help", heading: PageContext.quickHelpHeading,
                                                     items: quick.map { builder.item(for: $0, showUrgency: true) })]
        groups += PageKind.allCases.compactMap { kind -> ListGroup? in
            let ofKind = others.filter { $0.kind == kind }
            let heading = kind == .condition && !quick.isEmpty ? "Other conditions" : kind.plural
            return ofKind.isEmpty ? nil : ListGroup(id: "links-\(kind.folder)", heading: heading, items: ofKind.map { builder.item(for: $0) })
        }
        return .object(builder.list(title: builder.chrome.areaName(area), intro: "Pages about pain and problems in this part of the body.",
                                    urlPath: "/body-areas/\(area)/", trail: [.home, Crumb(title: "Where it hurts", urlPath: "/body-areas/")],
                                    groups: groups))
    }
}

/// "Where it hurts": every body area with pages, and how many.
struct BodyAreasInputs: PageInputs {
    struct Area: Sendable, Hashable {
        var slug: String
        var pages: Int
    }

    var areas: [Area]

    var template: String { "list" }

    func context(_ builder: inout PageContext) -> TemplateValue {
        let chrome = builder.chrome
        let notes = areas.map { ($0.slug, "\($0.pages) \($0.pages == 1 ? "page" : "pages")") }
        let items = notes.map { area, note in ListItem(title: chrome.areaName(area), url: chrome.href("/body-areas/\(area)/"), note: note) }
        let map = builder.bodyMap(notes: Dictionary(notes, uniquingKeysWith: { a, _ in a }))
        // With a picture, its list of areas takes the place of the plain one.
        let groups = items.isEmpty || map != nil ? [] : [ListGroup(id: "areas", heading: "Body areas", items: items)]
        var context = builder.list(title: "Where it hurts", intro: "Choose the part of the leg or back where you feel it.",
                                   urlPath: "/body-areas/", groups: groups)
        context["hasMap"] = .bool(map != nil)
        context["bodyMap"] = .optional(map)
        return .object(context)
    }
}

/// The A to Z: every health page under each of its names, its title and each alias.
struct AToZInputs: PageInputs {
    struct Page: Sendable, Hashable {
        var card: Card
        var aliases: [String]
    }

    var pages: [Page]

    var template: String { "list" }

    func context(_ builder: inout PageContext) -> TemplateValue {
        // One entry per name, in the order of their keys (then slugs): indexes are sorted, so sorting moves integers.
        var keys: [String] = [], entries: [(page: Int, alias: Int)] = []  // alias -1: the page's title
        keys.reserveCapacity(pages.count)
        entries.reserveCapacity(pages.count)
        for (index, page) in pages.enumerated() {
            keys.append(page.card.sortKey)
            entries.append((index, -1))
            for (number, alias) in page.aliases.enumerated() {
                keys.append(alias.lowercased())
                entries.append((index, number))
            }
        }
        let order = keys.indices.sorted { a, b in
            keys[a] != keys[b] ? keys[a] < keys[b] : pages[entries[a].page].card.slug < pages[entries[b].page].card.slug
        }
        let kindNotes = Dictionary(uniqueKeysWithValues: PageKind.allCases.map { ($0, $0.singular.lowercased()) })
        var groups: [ListGroup] = []
        var current: (letter: String, items: [ListItem])?
        func close() {
            if let done = current { groups.append(ListGroup(id: "letter-\(done.letter.prefix(1).lowercased())", heading: done.letter, items: done.items)) }
        }
        var lastFirstByte: UInt8?
        for position in order {
            let entry = entries[position]
            let card = pages[entry.page].card
            let name = entry.alias < 0 ? card.title : pages[entry.page].aliases[entry.alias]
            // Names that start with the same ASCII character go under the same letter: worked out once per run.
            let firstByte = name.utf8.first.flatMap { $0 < 0x80 ? $0 : nil }
            if firstByte == nil || firstByte != lastFirstByte {
                let letter = Self.letter(of: name)
                if current?.letter != letter {
                    close()
                    current = (letter, [])
                }
                lastFirstByte = firstByte
            }
            current!.items.append(ListItem(title: name, url: builder.chrome.href(card.urlPath),
                                           note: entry.alias >= 0 ? "see \(card.title)" : kindNotes[card.kind]))
        }
        close()
        return .object(builder.list(title: "A to Z", intro: "Every page, listed under each of its names.", urlPath: "/a-to-z/",
                                    groups: groups, letters: true))
    }

    /// The A to Z heading a name goes under: its first letter without accents, or "0 to 9" for anything else.
    static func letter(of name: String) -> String {
        let first: String
        if let byte = name.utf8.first, byte < 0x80 {
            first = String(UnicodeScalar(byte)).uppercased()  // most names: no need to fold
        } else {
            first = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).uppercased().first.map(String.init) ?? "#"
        }
        return first.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) } ? first : "0 to 9"
    }
}

/// A page made from the chrome alone: the search page and the page for addresses that do not exist.
struct FixedPageInputs: PageInputs {
    var template: String
    var title: String
    var summary: String
    var urlPath: String
    var trail: [Crumb]
    var isIndexable: Bool

    func context(_ builder: inout PageContext) -> TemplateValue {
        .object(builder.base(title: title, summary: summary, urlPath: urlPath, trail: trail, isIndexable: isIndexable))
    }
}
