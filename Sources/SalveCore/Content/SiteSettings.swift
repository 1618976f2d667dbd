import Yams

/// A part of the body that pages can be filed under: declared once in `salve.yaml`, in the order the site lists them.
public struct BodyArea: Sendable, Hashable {
    /// The name pages use in `body_areas:` and the area's URL (`/body-areas/back-of-thigh/`).
    public var slug: String
    /// What readers see: "Back of the thigh".
    public var name: String
    /// Its outline on the body map (`shape:`), in the coordinates of `body_map: view_box:`.
    public var shape: SVGPath?

    public init(slug: String, name: String, shape: SVGPath? = nil) {
        self.slug = slug
        self.name = name
        self.shape = shape
    }
}

/// The picture the home page and "Where it hurts" draw the body areas on (`body_map:` in `salve.yaml`): the
/// areas' `shape:`s over an optional `outline`, in the coordinates of `view_box`.
public struct BodyMap: Sendable, Hashable {
    /// The SVG `viewBox`: "min-x min-y width height".
    public var viewBox: String
    /// The body the areas sit on, drawn behind them (decoration only).
    public var outline: SVGPath?
    /// What the picture shows, for people who cannot see it.
    public var label: String
}

/// How soon a care card says to get help.
public enum CareLevel: String, Sendable, Hashable, CaseIterable {
    case emergency, urgent, routine
}

/// A care card written once in `salve.yaml` (`care_cards:`) and used by name on every page that needs it, so
/// the same danger is described the same way everywhere.
public struct SharedCareCard: Sendable, Hashable {
    /// What pages write under `care: cards:` (`clot-in-lung`).
    public var name: String
    public var level: CareLevel
    /// What the signs point to, shown above them: "Signs of a blood clot in the lung".
    public var title: String
    /// The slug of the page that explains it, with where `salve.yaml` names it; checked once pages are known.
    public var about: Located<String>?
    /// The signs, one a line.
    public var items: [String]
}

/// The site-wide settings from `salve.yaml`.
public struct SiteSettings: Sendable, Hashable {
    public var title: String
    /// Absolute URL the site is served from, without a trailing slash (`https://example.org/legs`).
    public var baseURL: String
    /// BCP 47 language tag for `<html lang>`.
    public var language: String = "en"
    public var description: String = ""
    /// The number to call in an emergency where the site's readers live (999, 911, 112).
    public var emergencyNumber: String
    /// How long after `last_reviewed` a page is due for review when it gives no `next_review`.
    public var reviewIntervalMonths: Int = 36
    /// Who publishes the site, shown in the footer.
    public var publisher: String = ""
    /// Let raw HTML in Markdown through (GitHub's tag filter still applies). Off: it is dropped.
    public var rawHTML: Bool = false
    /// The body areas pages may name, in the order lists show them.
    public var bodyAreas: [BodyArea] = []
    /// Thresholds of `salve check` (`check:`).
    public var check = CheckSettings()
    /// The picture of the body areas; nil when `salve.yaml` draws none (the areas are then a plain list).
    public var bodyMap: BodyMap?
    /// Care cards pages share by name, in the order `salve.yaml` lists them.
    public var careCards: [SharedCareCard] = []
    /// Groups of words and phrases that mean the same to a searcher (`[oedema, edema, water retention]`): a page
    /// that uses one is found by the others. Applied when the search index is built.
    public var searchSynonyms: [[String]] = []

    public init(title: String, baseURL: String, emergencyNumber: String) {
        self.title = title
        self.baseURL = baseURL
        self.emergencyNumber = emergencyNumber
    }

    static let keys = ["title", "base_url", "language", "description", "emergency_number",
                       "review_interval_months", "publisher", "raw_html", "body_areas", "body_map", "care_cards",
                       "search_synonyms", "check"]

    /// The shared card called `name`, if `salve.yaml` declares one.
    public func careCard(named name: String) -> SharedCareCard? {
        careCards.first { $0.name == name }
    }

    /// Settings a page body may show as `{{ site.<key> }}`, by their `salve.yaml` keys.
    public var markdownValues: [String: String] {
        ["title": title, "description": description, "emergency_number": emergencyNumber, "publisher": publisher]
    }

    /// The path part of `baseURL` (`/legs` for `https://example.org/legs`), so links work from a sub-folder.
    public var basePath: String {
        guard let schemeEnd = baseURL.range(ofASCII: "://") else { return "" }
        let rest = baseURL[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "" }
        let path = String(rest[slash...])
        return path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// Parses `salve.yaml`, reporting every problem against `file`.
    static func parse(yaml: String, file: String) -> Result<SiteSettings, BuildFailure> {
        var reader = YAMLReader(file: file, lineOffset: 0)
        guard let entries = reader.entries(of: yaml, what: "salve.yaml") else { return .failure(BuildFailure(reader.diagnostics)) }
        var settings = SiteSettings(title: "", baseURL: "", emergencyNumber: "")
        for (key, value) in entries {
            switch key.value {
            case "title": settings.title = reader.string(value, key: key.value) ?? ""
            case "base_url": settings.baseURL = reader.string(value, key: key.value) ?? ""
            case "language": settings.language = reader.string(value, key: key.value) ?? "en"
            case "description": settings.description = reader.string(value, key: key.value) ?? ""
            case "emergency_number": settings.emergencyNumber = reader.string(value, key: key.value) ?? ""
            case "review_interval_months":
                let months = reader.int(value, key: key.value) ?? 36
                if months < 1 { reader.error("'review_interval_months' must be at least 1", at: value.mark) }
                settings.reviewIntervalMonths = max(1, months)
            case "publisher": settings.publisher = reader.string(value, key: key.value) ?? ""
            case "raw_html": settings.rawHTML = reader.bool(value, key: key.value) ?? false
            case "body_areas": settings.bodyAreas = parseBodyAreas(value, reader: &reader)
            case "body_map": settings.bodyMap = parseBodyMap(value, reader: &reader)
            case "check": settings.check = CheckSettings.parse(value, reader: &reader)
            case "care_cards": settings.careCards = parseCareCards(value, reader: &reader)
            case "search_synonyms": settings.searchSynonyms = parseSynonyms(value, reader: &reader)
            default: reader.unknownKey(key, known: keys, what: "salve.yaml")
            }
        }
        if !entries.contains(where: { $0.0.value == "body_map" }), entries.contains(where: { $0.0.value == "body_areas" }), settings.bodyAreas.contains(where: { $0.shape != nil }) {
            let line = entries.first { $0.0.value == "body_areas" }?.0.line
            reader.error("body areas have 'shape:'s but there is no 'body_map:' with the 'view_box:' they are drawn in; add one, like\n"
                         + "body_map:\n  view_box: \"0 0 220 640\"", line: line, column: 1)
        }
        if settings.title.isEmpty { reader.error("missing 'title:', the site's name", line: 1, column: 1) }
        if settings.emergencyNumber.isEmpty {
            reader.error("missing 'emergency_number:', the number readers call in an emergency (for example 999, 911 or 112)", line: 1, column: 1)
        }
        if settings.baseURL.isEmpty {
            reader.error("missing 'base_url:', the address the site will be served from (for example https://example.org)", line: 1, column: 1)
        } else if !(settings.baseURL.hasPrefix("https://") || settings.baseURL.hasPrefix("http://")) {
            reader.error("'base_url' must start with https:// or http://", line: 1, column: 1)
        }
        while settings.baseURL.hasSuffix("/") { settings.baseURL.removeLast() }
        return reader.diagnostics.isEmpty ? .success(settings) : .failure(BuildFailure(reader.diagnostics))
    }

    /// `body_areas:` is a list of `- slug: back-of-thigh` / `name: Back of the thigh` items.
    private static func parseBodyAreas(_ node: Node, reader: inout YAMLReader) -> [BodyArea] {
        let shape = "'body_areas' must be a list of areas, each with 'slug:' and 'name:' lines, like\n  - slug: back-of-thigh\n    name: Back of the thigh"
        guard let sequence = node.sequence else {
            reader.error(shape, at: node.mark)
            return []
        }
        var areas: [BodyArea] = []
        var seen: Set<String> = []
        for item in sequence {
            guard let mapping = item.mapping else {
                reader.error(shape, at: item.mark)
                continue
            }
            var area = BodyArea(slug: "", name: "")
            for (key, value) in mapping {
                let name = key.string ?? ""
                switch name {
                case "slug": area.slug = reader.string(value, key: "slug") ?? ""
                case "name": area.name = reader.string(value, key: "name") ?? ""
                case "shape": area.shape = parsePath(value, key: "shape", reader: &reader)
                default:
                    reader.unknownKey(Located(name, line: reader.line(key.mark), column: key.mark?.column),
                                      known: ["slug", "name", "shape"], what: "a body area")
                }
            }
            if area.slug.isEmpty || area.name.isEmpty {
                reader.error("each body area needs both 'slug:' and 'name:'", at: item.mark)
            } else if !SourcePage.isValidSlug(area.slug) {
                reader.error("body area slug '\(area.slug)' must be lowercase words joined by hyphens, like '\(SourcePage.suggestedSlug(area.slug))'",
                             at: item["slug"]?.mark ?? item.mark)
            } else if !seen.insert(area.slug).inserted {
                reader.error("the body area '\(area.slug)' is declared twice; keep one", at: item.mark)
            } else {
                areas.append(area)
            }
        }
        return areas
    }

    /// `body_map:` has `view_box:` (four numbers), and optionally `outline:` (path data) and `label:`.
    private static func parseBodyMap(_ node: Node, reader: inout YAMLReader) -> BodyMap? {
        guard let mapping = node.mapping else {
            reader.error("'body_map' must have 'view_box:' and optionally 'outline:' and 'label:' under it", at: node.mark)
            return nil
        }
        var map = BodyMap(viewBox: "", outline: nil, label: "A picture of the body areas")
        for (key, value) in mapping {
            let name = key.string ?? ""
            switch name {
            case "view_box":
                let text = reader.string(value, key: "body_map.view_box") ?? ""
                let numbers = text.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
                if numbers.count == 4, numbers[2] > 0, numbers[3] > 0 {
                    map.viewBox = numbers.map { $0 == $0.rounded() ? String(Int($0)) : String($0) }.joined(separator: " ")
                } else {
                    reader.error("'view_box' must be four numbers, 'min-x min-y width height', like \"0 0 220 640\"", at: value.mark)
                }
            case "outline": map.outline = parsePath(value, key: "outline", reader: &reader)
            case "label": map.label = reader.string(value, key: "body_map.label") ?? map.label
            default:
                reader.unknownKey(Located(name, line: reader.line(key.mark), column: key.mark?.column),
                                  known: ["view_box", "outline", "label"], what: "'body_map'")
            }
        }
        if map.viewBox.isEmpty, mapping["view_box"] == nil {
            reader.error("'body_map' needs 'view_box:', the size of the picture, like \"0 0 220 640\"", at: node.mark)
        }
        return map.viewBox.isEmpty ? nil : map
    }

    /// SVG path data (`shape:`, `outline:`), checked.
    private static func parsePath(_ node: Node, key: String, reader: inout YAMLReader) -> SVGPath? {
        guard let text = reader.string(node, key: key) else { return nil }
        switch SVGPath.parse(text) {
        case .success(let path): return path
        case .failure(let error):
            reader.error("'\(key)' is not SVG path data: \(error)", at: node.mark)
            return nil
        }
    }

    /// `care_cards:` maps each card's name to its `level:`, `title:`, optional `about:` and `items:`.
    private static func parseCareCards(_ node: Node, reader: inout YAMLReader) -> [SharedCareCard] {
        let shape = "'care_cards' must name each card, with 'level:', 'title:', 'items:' and optionally 'about:' under it, like\n"
            + "  clot-in-lung:\n    level: emergency\n    title: Signs of a blood clot in the lung\n    items:\n      - you are suddenly short of breath"
        guard let mapping = node.mapping else {
            reader.error(shape, at: node.mark)
            return []
        }
        var cards: [SharedCareCard] = []
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard SourcePage.isValidSlug(name) else {
                reader.error("care card name '\(name)' must be lowercase words joined by hyphens, like '\(SourcePage.suggestedSlug(name))'", at: key.mark)
                continue
            }
            guard let fields = value.mapping else {
                reader.error(shape, at: value.mark)
                continue
            }
            var card = SharedCareCard(name: name, level: .routine, title: "", about: nil, items: [])
            var level: CareLevel?
            for (fieldKey, fieldValue) in fields {
                let field = fieldKey.string ?? ""
                switch field {
                case "level":
                    let text = reader.string(fieldValue, key: "level") ?? ""
                    level = CareLevel(rawValue: text)
                    if level == nil {
                        reader.error("care card '\(name)': level '\(text)' must be emergency, urgent or routine"
                                     + Suggestion.hint(for: text, in: CareLevel.allCases.map(\.rawValue)), at: fieldValue.mark)
                    }
                case "title": card.title = reader.string(fieldValue, key: "title") ?? ""
                case "about":
                    if let slug = reader.string(fieldValue, key: "about") {
                        card.about = Located(slug, line: reader.line(fieldValue.mark), column: fieldValue.mark?.column)
                    }
                case "items": card.items = reader.strings(fieldValue, key: "items").map(\.value)
                default:
                    reader.unknownKey(Located(field, line: reader.line(fieldKey.mark), column: fieldKey.mark?.column),
                                      known: ["level", "title", "about", "items"], what: "a care card")
                }
            }
            for (field, missing) in [("level", level == nil && value["level"] == nil), ("title", card.title.isEmpty),
                                     ("items", card.items.isEmpty)] where missing {
                reader.error("care card '\(name)' has no '\(field):'", at: key.mark)
            }
            card.level = level ?? .routine
            cards.append(card)
        }
        return cards
    }

    /// `search_synonyms:` is a list of groups, each a list of two or more words or phrases: `- [backache, back pain]`.
    private static func parseSynonyms(_ node: Node, reader: inout YAMLReader) -> [[String]] {
        let shape = "'search_synonyms' must be a list of groups, each a list of two or more words or phrases, like\n  - [oedema, edema, water retention]"
        guard let sequence = node.sequence else {
            reader.error(shape, at: node.mark)
            return []
        }
        var groups: [[String]] = []
        for item in sequence {
            guard item.sequence != nil else {
                reader.error(shape, at: item.mark)
                continue
            }
            let members = reader.strings(item, key: "search_synonyms").map(\.value)
            if members.count < 2 {
                reader.error("a synonym group needs two or more words or phrases", at: item.mark)
            } else if let empty = members.first(where: { Tokenizer.terms($0).isEmpty }) {
                reader.error("'\(empty)' has no letters or digits to search for", at: item.mark)
            } else {
                groups.append(members)
            }
        }
        return groups
    }
}
