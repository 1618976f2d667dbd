import Foundation

/// Builds the values templates see. Front-matter text goes in as plain strings, which Mustache's
/// `{{ }}` escapes; only HTML that Salve made itself (bodies, JSON-LD) is meant for `{{{ }}}`.
struct PageContext {
    let site: Site
    /// Renders the items of link lists; it remembers what it rendered, for the next build.
    var items: ItemRenderer

    /// Values every template can use: the site, this page's title and address, the navigation, and the
    /// breadcrumb trail of the pages above this one (`trail`; empty on the home page).
    func base(title: String, summary: String, urlPath: String, trail: [Crumb] = [.home], isArticle: Bool = false,
              isIndexable: Bool = true) -> [String: Any] {
        let settings = site.settings
        var nav: [[String: Any]] = PageKind.indexed.map { kind in
            ["title": kind.plural, "url": site.href("/\(kind.folder)/"), "current": urlPath.hasPrefix("/\(kind.folder)/")]
        }
        if !site.areas.isEmpty {
            nav.append(["title": "Where it hurts", "url": site.href("/body-areas/"), "current": urlPath.hasPrefix("/body-areas/")])
        }
        nav.append(["title": "A to Z", "url": site.href("/a-to-z/"), "current": urlPath == "/a-to-z/"])
        var footer: [[String: Any]] = site.sitePages.map { ["title": $0.frontMatter.title, "url": site.href($0.urlPath)] }
        footer.append(["title": "Search", "url": site.href("/search/")])
        if !site.areas.isEmpty { footer.append(["title": "Where it hurts", "url": site.href("/body-areas/")]) }
        return [
            "site": [
                "title": settings.title, "description": settings.description, "language": settings.language,
                "publisher": settings.publisher, "emergencyNumber": settings.emergencyNumber, "basePath": settings.basePath,
                "ogLocale": settings.language.replacingOccurrences(of: "-", with: "_"),
            ] as [String: Any],
            "page": ["title": title, "summary": summary, "canonical": isIndexable ? site.absoluteURL(urlPath) : false as Any, "ogType": isArticle ? "article" : "website"],
            "nav": nav,
            "footer": footer,
            "hasBreadcrumbs": !trail.isEmpty,
            "breadcrumbs": trail.map { ["title": $0.title, "url": site.href($0.urlPath)] },
            "breadcrumbJSONLD": trail.isEmpty ? false as Any : StructuredData.breadcrumbs(trail, current: title, site: site),
        ]
    }

    /// The body map as templates see it (`partials/body-map`): the picture's areas, numbered, over the outline,
    /// and the same areas as a list (with `notes`, like page counts, when given). False when the site draws
    /// no map or none of its areas has a shape: templates then show the areas as a plain list.
    func bodyMap(notes: [String: String] = [:]) -> Any {
        guard let map = site.settings.bodyMap, site.areas.contains(where: { $0.shape != nil }) else { return false }
        var number = 0
        let areas = site.areas.map { area -> [String: Any] in
            var item: [String: Any] = ["name": area.name, "url": site.href("/body-areas/\(area.slug)/"), "note": notes[area.slug] ?? false]
            if let shape = area.shape {
                number += 1
                let centre = shape.centre
                item["region"] = ["shape": shape.data, "number": number, "x": Self.svgNumber(centre.x), "y": Self.svgNumber(centre.y)]
            } else {
                item["region"] = false
            }
            return item
        }
        return ["viewBox": map.viewBox, "outline": map.outline?.data ?? false, "label": map.label, "areas": areas]
    }

    /// A coordinate as SVG attributes write it: at most one decimal.
    static func svgNumber(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }

    /// The context of a content page: its text, care cards, links both ways, sources and review dates.
    mutating func content(_ page: SourcePage) -> [String: Any] {
        let matter = page.frontMatter
        let body = site.bodies[page.path]
        var context = base(title: matter.title, summary: matter.summary, urlPath: page.urlPath, trail: Crumb.trail(to: page), isArticle: true)
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
        let (quick, others) = seriousFirst(backward[.symptoms] ?? [])
        var listed: Set<String> = Set([page.slug] + quick)
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
        add("caused-by-this", quick.isEmpty ? "Conditions that can cause this" : "Other causes", others)
        add("treats", "What this treats", backward[.treatments] ?? [])
        add("finds", "What this test helps find", backward[.tests] ?? [])
        add("raises-risk-of", "What this raises the risk of", backward[.riskFactors] ?? [])
        add("leads-to", "What this can lead to", backward[.causes] ?? [])
        let related = (forward[.related] ?? []) + (backward[.related] ?? []).filter { !(forward[.related] ?? []).contains($0) }
        add("related", "Related pages", related, showKind: true)
        add("mentions", "Other pages that mention this", (graph.mentionedBy[page.slug] ?? []).filter { !listed.contains($0) }, showKind: true)
        if !quick.isEmpty {
            sections.insert(ListGroup(id: "links-quick-help", heading: Self.quickHelpHeading,
                                      items: quick.compactMap { site.bySlug[$0] }.map { item(for: $0, showUrgency: true) }), at: 0)
        }
        return groups(sections)
    }

    /// Lists with more items than this get "Back to top" links.
    static let longList = 30

    /// The heading of the conditions that need medical help quickly, which lists of causes show first.
    static let quickHelpHeading = "Causes that need medical help quickly"

    /// Splits slugs into the conditions that need help quickly (emergencies first, then urgent ones, each
    /// group in its given order) and the rest, in their given order.
    func seriousFirst(_ slugs: [String]) -> (quick: [String], others: [String]) {
        let quick = CareLevel.allCases.flatMap { level in slugs.filter { site.cards[$0]?.urgency == level } }
        return (quick, slugs.filter { site.cards[$0]?.urgency == nil })
    }

    func item(for page: SourcePage, showKind: Bool = false, showUrgency: Bool = false) -> ListItem {
        ListItem(title: page.frontMatter.title, url: site.href(page.urlPath), note: showKind ? page.kind.singular.lowercased() : nil,
                 summary: page.frontMatter.summary, urgency: showUrgency ? site.cards[page.slug]?.urgency : nil)
    }

    /// Groups as templates see them, each item rendered through `partials/list-item`.
    mutating func groups(_ groups: [ListGroup], backToTop: Bool = false) -> [[String: Any]] {
        groups.map { ["id": $0.id, "heading": $0.heading, "items": items.html(of: $0.items), "backToTop": backToTop] }
    }

    /// A page that lists other pages in groups (kind indexes, body areas, A to Z).
    mutating func list(title: String, intro: String, urlPath: String, trail: [Crumb] = [.home], groups: [ListGroup],
                       letters: Bool = false) -> [String: Any] {
        var context = base(title: title, summary: intro, urlPath: urlPath, trail: trail)
        context["title"] = title
        context["intro"] = intro
        let long = groups.reduce(0) { $0 + $1.items.count } > Self.longList
        context["groups"] = self.groups(groups, backToTop: letters || long)
        context["hasLetters"] = letters
        if letters {
            // Every letter, so the row keeps its shape; letters with no pages are shown but link nowhere.
            let present = Dictionary(groups.map { ($0.heading, $0.id) }, uniquingKeysWith: { a, _ in a })
            let alphabet = (UnicodeScalar("A").value...UnicodeScalar("Z").value).map { String(UnicodeScalar($0)!) }
            let extra = groups.map(\.heading).filter { !alphabet.contains($0) }
            context["letters"] = (alphabet + extra).map { letter -> [String: Any] in
                ["heading": letter, "id": present[letter] ?? false]
            }
        }
        return context
    }
}

/// A page above this one in the breadcrumb trail.
struct Crumb: Sendable, Hashable {
    var title: String
    var urlPath: String

    static let home = Crumb(title: "Home", urlPath: "/")

    /// Home, then the index of the page's kind (`Conditions`); site pages (about, disclaimer) hang off home.
    static func trail(to page: SourcePage) -> [Crumb] {
        page.kind == .page ? [home] : [home, Crumb(title: page.kind.plural, urlPath: "/\(page.kind.folder)/")]
    }
}

/// One entry of a list of links: what `partials/list-item` shows.
struct ListItem: Sendable, Hashable {
    var title: String
    var url: String
    var note: String?
    var summary: String?
    /// Shown as a tag ("Emergency", "Urgent") in lists that put the causes needing quick help first.
    var urgency: CareLevel?
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
            if let urgency = item.urgency {
                context["urgency"] = ["level": urgency.rawValue, "label": urgency == .emergency ? "Emergency" : "Urgent"]
            }
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
