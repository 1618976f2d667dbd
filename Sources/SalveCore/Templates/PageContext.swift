import Foundation

/// Builds the values templates see. Front-matter text goes in as plain strings, which Mustache's
/// `{{ }}` escapes; only HTML that Salve made itself (bodies, JSON-LD) is meant for `{{{ }}}`.
struct PageContext {
    let site: Site
    /// Renders the items of link lists; it remembers what it rendered, for the next build.
    var items: ItemRenderer

    /// Values every template can use: the site, this page's title and address, and the navigation.
    func base(title: String, summary: String, urlPath: String) -> [String: Any] {
        let settings = site.settings
        var nav: [[String: Any]] = PageKind.indexed.map { kind in
            ["title": kind.plural, "url": site.href("/\(kind.folder)/"), "current": urlPath.hasPrefix("/\(kind.folder)/")]
        }
        nav.append(["title": "A to Z", "url": site.href("/a-to-z/"), "current": urlPath == "/a-to-z/"])
        var footer: [[String: Any]] = site.sitePages.map { ["title": $0.frontMatter.title, "url": site.href($0.urlPath)] }
        footer.append(["title": "Search", "url": site.href("/search/")])
        footer.append(["title": "Where it hurts", "url": site.href("/body-areas/")])
        return [
            "site": [
                "title": settings.title, "description": settings.description, "language": settings.language,
                "publisher": settings.publisher, "emergencyNumber": settings.emergencyNumber, "basePath": settings.basePath,
            ] as [String: Any],
            "page": ["title": title, "summary": summary, "canonical": site.absoluteURL(urlPath)],
            "nav": nav,
            "footer": footer,
        ]
    }

    /// The context of a content page: its text, care cards, links both ways, sources and review dates.
    mutating func content(_ page: SourcePage) -> [String: Any] {
        let matter = page.frontMatter
        let body = site.bodies[page.path]
        var context = base(title: matter.title, summary: matter.summary, urlPath: page.urlPath)
        let toc = (body?.headings ?? []).filter { $0.level == 2 }
        let areas = matter.bodyAreas.map { ["name": site.areaName($0.value), "url": site.href("/body-areas/\($0.value)/")] }
        let next = page.nextReview(intervalMonths: site.settings.reviewIntervalMonths)
        context.merge([
            "kind": page.kind.rawValue,
            "kindLabel": page.kind.singular,
            "title": matter.title,
            "summary": matter.summary,
            "hasAliases": !matter.aliases.isEmpty,
            "aliases": matter.aliases.enumerated().map { index, alias -> [String: Any] in
                ["name": alias, "last": index == matter.aliases.count - 1]
            },
            "care": careContext(matter.care),
            "hasToc": toc.count >= 2,
            "toc": toc.map { ["text": $0.text, "id": $0.id] },
            "body": body?.html ?? "",
            "sections": linkSections(for: page),
            "hasAreas": !areas.isEmpty,
            "areas": areas,
            "hasSources": !matter.sources.isEmpty,
            "sources": matter.sources.map { source -> [String: Any] in
                var item: [String: Any] = ["title": source.title]
                if let publisher = source.publisher { item["publisher"] = publisher }
                if let url = source.url { item["url"] = url }
                return item
            },
            "lastReviewed": matter.lastReviewed?.longForm ?? false,
            "lastReviewedISO": matter.lastReviewed?.description ?? "",
            "nextReview": next?.longForm ?? false,
            "nextReviewISO": next?.description ?? "",
            "reviewedBy": matter.reviewedBy ?? false,
            "jsonLD": StructuredData.json(for: page, site: site),
        ], uniquingKeysWith: { _, new in new })
        return context
    }

    /// The care cards as templates see them: one card a level (`emergency`, `urgent`, `routine`, false when
    /// empty), holding the page's own signs, then each shared card of that level under its title.
    func careContext(_ care: CareAdvice) -> Any {
        if care.isEmpty { return false }
        let shared = care.cards.compactMap { site.settings.careCard(named: $0.value) }
        var context: [String: Any] = [:]
        for level in CareLevel.allCases {
            let own = care.items(level)
            let groups = shared.filter { $0.level == level }.map { card -> [String: Any] in
                var group: [String: Any] = ["title": card.title, "items": card.items]
                if let url = site.aboutURL(of: card) { group["url"] = url }
                return group
            }
            context[level.rawValue] = own.isEmpty && groups.isEmpty ? false as Any
                : ["hasItems": !own.isEmpty, "items": own, "groups": groups] as [String: Any]
        }
        return context
    }

    /// Lists of linked pages: what this page names, then what names it, then body mentions not listed yet.
    mutating func linkSections(for page: SourcePage) -> [[String: Any]] {
        let graph = site.graph
        let forward = graph.forward[page.slug] ?? [:]
        let backward = graph.backward[page.slug] ?? [:]
        var sections: [ListGroup] = []
        var listed: Set<String> = [page.slug]
        func add(_ id: String, _ heading: String, _ slugs: [String], showKind: Bool = false) {
            let items = slugs.compactMap { site.bySlug[$0] }.map { item(for: $0, showKind: showKind) }
            guard !items.isEmpty else { return }
            listed.formUnion(slugs)
            sections.append(ListGroup(id: "links-\(id)", heading: heading, items: items))
        }
        add("symptoms", "Symptoms", forward[.symptoms] ?? [])
        add("causes", "What can cause it", forward[.causes] ?? [])
        add("risk-factors", "What raises the risk", forward[.riskFactors] ?? [])
        add("tests", "Tests", forward[.tests] ?? [])
        add("treatments", "Treatments", forward[.treatments] ?? [])
        add("caused-by-this", "Conditions that can cause this", backward[.symptoms] ?? [])
        add("treats", "What this treats", backward[.treatments] ?? [])
        add("finds", "What this test helps find", backward[.tests] ?? [])
        add("raises-risk-of", "What this raises the risk of", backward[.riskFactors] ?? [])
        add("leads-to", "What this can lead to", backward[.causes] ?? [])
        let related = (forward[.related] ?? []) + (backward[.related] ?? []).filter { !(forward[.related] ?? []).contains($0) }
        add("related", "Related pages", related, showKind: true)
        add("mentions", "Other pages that mention this", (graph.mentionedBy[page.slug] ?? []).filter { !listed.contains($0) }, showKind: true)
        return groups(sections)
    }

    func item(for page: SourcePage, showKind: Bool = false) -> ListItem {
        ListItem(title: page.frontMatter.title, url: site.href(page.urlPath), note: showKind ? page.kind.singular.lowercased() : nil,
                 summary: page.frontMatter.summary)
    }

    /// Groups as templates see them, each item rendered through `partials/list-item`.
    mutating func groups(_ groups: [ListGroup]) -> [[String: Any]] {
        groups.map { ["id": $0.id, "heading": $0.heading, "items": items.html(of: $0.items)] }
    }

    /// A page that lists other pages in groups (kind indexes, body areas, A to Z).
    mutating func list(title: String, intro: String, urlPath: String, groups: [ListGroup], letters: Bool = false) -> [String: Any] {
        var context = base(title: title, summary: intro, urlPath: urlPath)
        context["title"] = title
        context["intro"] = intro
        context["groups"] = self.groups(groups)
        context["hasLetters"] = letters
        return context
    }
}

/// One entry of a list of links: what `partials/list-item` shows.
struct ListItem: Sendable, Hashable {
    var title: String
    var url: String
    var note: String?
    var summary: String?
}

/// A headed list of links (`partials/link-section`).
struct ListGroup {
    var id: String
    var heading: String
    var items: [ListItem]
}

/// Renders list items through `partials/list-item`, reusing the HTML of items rendered before: by an earlier
/// render of the same file (re-rendering an A to Z of 20,000 names after one title changed renders one item),
/// or by another file of this build (a symptom listed on 2,000 condition pages is rendered once).
struct ItemRenderer {
    static let template = "partials/list-item"
    /// Files with fewer items than this do not keep them: rendering a few items again costs less than memory.
    static let worthKeeping = 100
    let theme: Theme
    let previous: [ListItem: String]
    let shared: SharedItems
    /// Every item rendered or reused so far, for the next build.
    private(set) var rendered: [ListItem: String] = [:]

    init(theme: Theme, reusing previous: [ListItem: String] = [:], shared: SharedItems = SharedItems()) {
        self.theme = theme
        self.previous = previous
        self.shared = shared
    }

    /// The items' HTML, one per line.
    mutating func html(of items: [ListItem]) -> String {
        items.map { item in
            if let known = rendered[item] ?? previous[item] ?? shared[item] {
                rendered[item] = known
                return known
            }
            var context: [String: Any] = ["title": item.title, "url": item.url]
            if let note = item.note { context["note"] = note }
            if let summary = item.summary { context["summary"] = summary }
            var html = theme.render(context, template: Self.template)
            while html.last?.isNewline == true { html.removeLast() }
            rendered[item] = html
            shared[item] = html
            return html
        }.joined(separator: "\n    ")
    }
}

/// The list items rendered so far in one build, shared by the files it renders in parallel. An item's HTML
/// depends only on the item and `partials/list-item`, so sharing cannot change any file's bytes. It lives for
/// one build only; `@unchecked Sendable` because every access holds the lock.
final class SharedItems: @unchecked Sendable {
    private let lock = NSLock()
    private var html: [ListItem: String] = [:]

    subscript(item: ListItem) -> String? {
        get { lock.withLock { html[item] } }
        set { lock.withLock { html[item] = newValue } }
    }
}
