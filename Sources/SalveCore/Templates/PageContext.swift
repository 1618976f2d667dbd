import Foundation

/// What every page of a site shows the same way: the settings, the footer's links, the body areas in the
/// navigation and body map, and the template of list items. When any of it changes, every file is rendered again.
struct SiteChrome: Sendable, Hashable {
    let settings: SiteSettings
    /// The pages of `content/pages/` (about, disclaimer), linked from every page's footer.
    let footer: [Card]
    /// The declared body areas that have pages, in the order `salve.yaml` lists them.
    let areas: [BodyArea]
    /// The fingerprint of `partials/list-item`, which the list items kept between builds were rendered with.
    let itemTemplate: Int
    /// `settings.basePath`, kept apart: reading it through the settings copied all of them, for every link of a
    /// list of 10,000 pages.
    private let basePath: String
    /// What every page's context holds the same way (`site`, `footer`), made once per build, not once per page.
    let siteValue: TemplateValue, footerValue: TemplateValue

    init(settings: SiteSettings, footer: [Card], areas: [BodyArea], itemTemplate: Int) {
        (self.settings, self.footer, self.areas, self.itemTemplate) = (settings, footer, areas, itemTemplate)
        basePath = settings.basePath
        siteValue = [
            "title": .string(settings.title), "description": .string(settings.description), "language": .string(settings.language),
            "publisher": .string(settings.publisher), "emergencyNumber": .string(settings.emergencyNumber),
            "basePath": .string(settings.basePath), "ogLocale": .string(settings.language.replacingOccurrences(of: "-", with: "_")),
        ]
        var links: [TemplateValue] = footer.map { ["title": .string($0.title), "url": .string(settings.basePath + $0.urlPath)] }
        links.append(["title": "Search", "url": .string(settings.basePath + "/search/")])
        if !areas.isEmpty { links.append(["title": "Where it hurts", "url": .string(settings.basePath + "/body-areas/")]) }
        footerValue = .list(links)
    }

    /// Chromes are the same when what they are made from is: the values made from it follow.
    static func == (a: SiteChrome, b: SiteChrome) -> Bool {
        a.settings == b.settings && a.footer == b.footer && a.areas == b.areas && a.itemTemplate == b.itemTemplate
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(settings)
        hasher.combine(footer)
        hasher.combine(areas)
        hasher.combine(itemTemplate)
    }

    /// A site-absolute link (`/legs/conditions/sciatica/`) for a path below the site root.
    func href(_ urlPath: String) -> String {
        basePath + urlPath
    }

    /// The full URL of a path below the site root, for canonical links and structured data.
    func absoluteURL(_ urlPath: String) -> String {
        settings.baseURL + urlPath
    }

    /// What readers see for a body area: its declared name ("Back of the thigh").
    func areaName(_ slug: String) -> String {
        settings.bodyAreas.first { $0.slug == slug }?.name ?? slug
    }
}

/// Builds the values templates see, from an output's own inputs and the site's chrome only: it cannot reach the
/// rest of the site, so an output cannot show anything its inputs do not hold (and a live rebuild would miss).
/// Front-matter text goes in as plain strings, which Mustache's `{{ }}` escapes; only HTML that Salve made
/// itself (bodies, JSON-LD, list items) is meant for `{{{ }}}`.
struct PageContext {
    let chrome: SiteChrome
    /// Renders the items of link lists; it remembers what it rendered, for the next build.
    let items: ItemRenderer

    /// Values every template can use: the site, this page's title and address, the navigation, and the
    /// breadcrumb trail of the pages above this one (`trail`; empty on the home page).
    func base(title: String, summary: String, urlPath: String, trail: [Crumb] = [.home], isArticle: Bool = false,
              isIndexable: Bool = true) -> TemplateObject {
        var nav: [TemplateValue] = PageKind.indexed.map { kind in
            ["title": .string(kind.plural), "url": .string(chrome.href("/\(kind.folder)/")), "current": .bool(urlPath.hasPrefix("/\(kind.folder)/"))]
        }
        if !chrome.areas.isEmpty {
            nav.append(["title": "Where it hurts", "url": .string(chrome.href("/body-areas/")), "current": .bool(urlPath.hasPrefix("/body-areas/"))])
        }
        nav.append(["title": "A to Z", "url": .string(chrome.href("/a-to-z/")), "current": .bool(urlPath == "/a-to-z/")])
        return [
            "site": chrome.siteValue,
            "page": ["title": .string(title), "summary": .string(summary),
                     "canonical": isIndexable ? .string(chrome.absoluteURL(urlPath)) : false, "ogType": isArticle ? "article" : "website"],
            "nav": .list(nav),
            "footer": chrome.footerValue,
            "hasBreadcrumbs": .bool(!trail.isEmpty),
            "breadcrumbs": .list(trail.map { ["title": .string($0.title), "url": .string(chrome.href($0.urlPath))] }),
            "breadcrumbJSONLD": trail.isEmpty ? false : .string(StructuredData.breadcrumbs(trail, current: title, chrome: chrome)),
        ]
    }

    /// The body map as templates see it (`partials/body-map`): the picture's areas, numbered, over the outline,
    /// and the same areas as a list (with `notes`, like page counts, when given). False when the site draws
    /// no map or none of its areas has a shape: templates then show the areas as a plain list.
    func bodyMap(notes: [String: String] = [:]) -> TemplateValue? {
        guard let map = chrome.settings.bodyMap, chrome.areas.contains(where: { $0.shape != nil }) else { return nil }
        var number = 0
        let areas = chrome.areas.map { area -> TemplateValue in
            var item: TemplateObject = ["name": .string(area.name), "url": .string(chrome.href("/body-areas/\(area.slug)/")),
                                                 "note": .optional(notes[area.slug])]
            if let shape = area.shape {
                number += 1
                let centre = shape.centre
                item["region"] = ["shape": .string(shape.data), "number": .int(number), "x": .string(Self.svgNumber(centre.x)),
                                  "y": .string(Self.svgNumber(centre.y))]
            } else {
                item["region"] = false
            }
            return .object(item)
        }
        return ["viewBox": .string(map.viewBox), "outline": .optional(map.outline?.data), "label": .string(map.label), "areas": .list(areas)]
    }

    /// A coordinate as SVG attributes write it: at most one decimal.
    static func svgNumber(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }

    /// The care cards as templates see them: one card a level (`emergency`, `urgent`, `routine`, false when
    /// empty), holding the page's own signs, then each shared card of that level under its title. `links` are
    /// the addresses of the pages the shared cards are about, one per name in `care.cards`.
    func careContext(_ care: CareAdvice, links: [String?]) -> TemplateValue {
        if care.isEmpty { return false }
        let shared = zip(care.cards, links).compactMap { name, link in chrome.settings.careCard(named: name.value).map { ($0, link) } }
        var context: TemplateObject = [:]
        for level in CareLevel.allCases {
            let own = care.items(level)
            let groups = shared.filter { $0.0.level == level }.map { card, link -> TemplateValue in
                var group: TemplateObject = ["title": .string(card.title), "items": .list(card.items.map(TemplateValue.string))]
                if let link { group["url"] = .string(link) }
                return .object(group)
            }
            context[level.rawValue] = own.isEmpty && groups.isEmpty ? false
                : ["hasItems": .bool(!own.isEmpty), "items": .list(own.map(TemplateValue.string)), "groups": .list(groups)]
        }
        return .object(context)
    }

    /// Lists with more items than this get "Back to top" links.
    static let longList = 30

    /// The heading of the conditions that need medical help quickly, which lists of causes show first.
    static let quickHelpHeading = "Causes that need medical help quickly"

    /// Splits cards into the conditions that need help quickly (emergencies first, then urgent ones, each
    /// group in its given order) and the rest, in their given order.
    static func seriousFirst(_ cards: [Card]) -> (quick: [Card], others: [Card]) {
        let quick = CareLevel.allCases.flatMap { level in cards.filter { $0.urgency == level } }
        return (quick, cards.filter { $0.urgency == nil })
    }

    func item(for card: Card, showKind: Bool = false, showUrgency: Bool = false) -> ListItem {
        ListItem(title: card.title, url: chrome.href(card.urlPath), note: showKind ? card.kind.singular.lowercased() : nil,
                 summary: card.summary, urgency: showUrgency ? card.urgency : nil)
    }

    /// Groups as templates see them, each item rendered through `partials/list-item`.
    mutating func groups(_ groups: [ListGroup], backToTop: Bool = false) -> TemplateValue {
        .list(groups.map { ["id": .string($0.id), "heading": .string($0.heading), "items": .string(items.html(of: $0.items)),
                            "backToTop": .bool(backToTop)] })
    }

    /// A page that lists other pages in groups (kind indexes, body areas, A to Z).
    mutating func list(title: String, intro: String, urlPath: String, trail: [Crumb] = [.home], groups: [ListGroup],
                       letters: Bool = false) -> TemplateObject {
        var context = base(title: title, summary: intro, urlPath: urlPath, trail: trail)
        context["title"] = .string(title)
        context["intro"] = .string(intro)
        let long = groups.reduce(0) { $0 + $1.items.count } > Self.longList
        context["groups"] = self.groups(groups, backToTop: letters || long)
        context["hasLetters"] = .bool(letters)
        if letters {
            // Every letter, so the row keeps its shape; letters with no pages are shown but link nowhere.
            let present = Dictionary(groups.map { ($0.heading, $0.id) }, uniquingKeysWith: { a, _ in a })
            let alphabet = (UnicodeScalar("A").value...UnicodeScalar("Z").value).map { String(UnicodeScalar($0)!) }
            let extra = groups.map(\.heading).filter { !alphabet.contains($0) }
            context["letters"] = .list((alphabet + extra).map { letter in ["heading": .string(letter), "id": .optional(present[letter])] })
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

    /// Hashes the address, note and tag only: enough to tell items apart (one address is one page), and much
    /// cheaper than hashing every title and summary each time one of a big site's items is looked up.
    func hash(into hasher: inout Hasher) {
        hasher.combine(url)
        hasher.combine(note)
        hasher.combine(urgency)
    }
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
    let shared: SharedItems
    /// The items of the earlier render and every item rendered or reused since, for the next build; none in a build
    /// that keeps nothing for the next (adding every item of every file to a table cost a twentieth of the build).
    let table: ItemTable?

    init(theme: Theme, table: ItemTable? = ItemTable(), shared: SharedItems = SharedItems()) {
        self.theme = theme
        self.shared = shared
        self.table = table
    }

    /// The items' HTML, one per line.
    func html(of items: [ListItem]) -> String {
        items.map { item in
            if let known = table?[item] { return known }
            if let known = shared[item] {
                table?[item] = known
                return known
            }
            var context: TemplateObject = ["title": .string(item.title), "url": .string(item.url)]
            if let note = item.note { context["note"] = .string(note) }
            if let summary = item.summary { context["summary"] = .string(summary) }
            if let urgency = item.urgency {
                context["urgency"] = ["level": .string(urgency.rawValue), "label": urgency == .emergency ? "Emergency" : "Urgent"]
            }
            var html = String(decoding: theme.render(.object(context), template: Self.template), as: UTF8.self)
            while html.last?.isNewline == true { html.removeLast() }
            table?[item] = html
            shared[item] = html
            return html
        }.joined(separator: "\n    ")
    }
}

/// The HTML of one file's list items, kept from one build to the next, so that rendering the file again renders
/// only the items it did not show before (an A to Z of 20,000 names, after one title changed, renders one).
/// A reference, added to in place: copying a table of 20,000 items to add that one cost more than the rest of
/// the A to Z. Items the file no longer shows stay until the theme changes: an item's HTML depends on nothing but
/// the item and `partials/list-item`, so an extra one is never wrong, and the table is dropped with the chrome.
/// `@unchecked Sendable`: only the job rendering its file uses a table, and builds run one at a time.
final class ItemTable: @unchecked Sendable {
    private var html: [ListItem: String] = [:]

    var count: Int { html.count }

    subscript(item: ListItem) -> String? {
        get { html[item] }
        set { html[item] = newValue }
    }
}

/// The list items rendered so far in one build, shared by the files it renders in parallel. An item's HTML
/// depends only on the item and `partials/list-item`, so sharing cannot change any file's bytes. It lives for
/// one build only; `@unchecked Sendable` because every access holds the lock.
final class SharedItems: @unchecked Sendable {
    private let lock = NSLock()
    private var html: [ListItem: String] = [:]

    /// Room for `capacity` items: grown as it fills, the table was copied while every thread waited on its lock.
    init(capacity: Int = 0) {
        html.reserveCapacity(capacity)
    }

    subscript(item: ListItem) -> String? {
        get { lock.withLock { html[item] } }
        set { lock.withLock { html[item] = newValue } }
    }
}
