import Yams

/// The front-matter keys that link a page to other pages by slug, and the kind each must name.
public enum LinkField: String, Sendable, CaseIterable, Hashable {
    case symptoms, treatments, tests, causes, riskFactors = "risk_factors", related

    /// The kind of page this field must name; nil for `related`, which may name any kind.
    public var targetKind: PageKind? {
        switch self {
        case .symptoms: .symptom
        case .treatments: .treatment
        case .tests: .test
        case .causes: .condition
        case .riskFactors: .riskFactor
        case .related: nil
        }
    }
}

/// A published source a page's facts come from.
public struct Source: Sendable, Hashable {
    public var title: String
    public var publisher: String?
    public var url: String?
}

/// The page's own care cards, most urgent first, and the shared cards it uses by name.
public struct CareAdvice: Sendable, Hashable {
    public var emergency: [String] = []
    public var urgent: [String] = []
    public var routine: [String] = []
    /// Names of cards declared in `salve.yaml` under `care_cards:`, with where the page wrote them.
    public var cards: [Located<String>] = []

    public var isEmpty: Bool { emergency.isEmpty && urgent.isEmpty && routine.isEmpty && cards.isEmpty }

    /// The page's own signs at `level`.
    public func items(_ level: CareLevel) -> [String] {
        switch level {
        case .emergency: emergency
        case .urgent: urgent
        case .routine: routine
        }
    }
}

/// Everything a page's YAML front matter says, checked for shape but not yet for links.
public struct FrontMatter: Sendable, Hashable {
    public var title: String = ""
    public var summary: String = ""
    public var aliases: [String] = []
    /// Slugs named by each link field, with where they were written.
    public var links: [LinkField: [Located<String>]] = [:]
    public var bodyAreas: [Located<String>] = []
    public var care = CareAdvice()
    /// How soon the condition itself needs medical help, when the page says so (`urgency: emergency`); lists
    /// of causes show the ones that need help quickly first.
    public var urgency: CareLevel?
    public var lastReviewed: Day?
    public var nextReview: Day?
    public var reviewedBy: String?
    public var sources: [Source] = []
    public var draft = false

    /// Every key a page may use.
    public static let keys: [String] = ["title", "summary", "aliases", "body_areas", "care", "urgency", "last_reviewed",
                                        "next_review", "reviewed_by", "sources", "draft"]
        + LinkField.allCases.map(\.rawValue)
}

/// Front matter split from the Markdown body that follows it.
struct SplitDocument {
    var yaml: String
    /// A slice of the file's text, so that the body is not held twice.
    var body: Substring
    /// 1-based line of the file on which the body starts.
    var bodyStartLine: Int
}

extension FrontMatter {
    /// Splits `text` into front matter and body. Front matter runs from a first line `---` to the
    /// next line `---` (or `...`).
    static func split(_ text: String, file: String) -> Result<SplitDocument, Diagnostic> {
        // Only the lines up to the closing fence are looked at; the body is the rest of the text, as it is.
        var rest = text[...]
        if rest.hasPrefix("\u{FEFF}") { rest = rest.dropFirst() }
        func nextLine() -> Substring? {
            guard !rest.isEmpty else { return nil }
            guard let newline = rest.utf8.firstIndex(of: UInt8(ascii: "\n")) else {
                defer { rest = rest[rest.endIndex...] }
                return rest
            }
            defer { rest = rest[rest.utf8.index(after: newline)...] }
            return rest[..<newline]
        }
        func isFence(_ line: Substring, _ marks: [String]) -> Bool {
            // Most lines are not fences, and a line of plain ASCII can be told without Foundation's trimming.
            if line.utf8.allSatisfy({ $0 < 0x80 }) {
                let trimmed = line.utf8.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }
                return trimmed.count == 3 && marks.contains { $0.utf8.elementsEqual(trimmed.reversed()) }
            }
            return marks.contains(line.trimmingCharacters(in: .whitespaces))
        }
        guard let first = nextLine(), isFence(first, ["---"]) else {
            return .failure(Diagnostic(file: file, line: 1, column: 1, message:
                "the page has no front matter; start the file with a line '---', then 'title:' and 'summary:' lines, then '---'"))
        }
        let yamlStart = rest.startIndex
        var lineNumber = 1
        while let line = nextLine() {
            lineNumber += 1
            if isFence(line, ["---", "..."]) {
                return .success(SplitDocument(yaml: String(text[yamlStart..<max(yamlStart, text.utf8.index(before: line.startIndex))]),
                                              body: rest, bodyStartLine: lineNumber + 1))
            }
        }
        return .failure(Diagnostic(file: file, line: 1, column: 1, message:
            "the front matter opened here is never closed; did you forget the closing '---'?"))
    }

    /// Parses the YAML of a page's front matter. Problems are appended to `diagnostics`; the returned
    /// value is nil only when the YAML could not be read at all.
    static func parse(yaml: String, file: String, diagnostics: inout [Diagnostic]) -> FrontMatter? {
        SimpleFrontMatter.parse(yaml, lineOffset: 1) ?? parseWithYams(yaml: yaml, file: file, diagnostics: &diagnostics)
    }

    /// The same, through a YAML document composed by Yams: for front matter the simple reader does not take,
    /// and for every page with a problem, which Yams and `YAMLReader` describe.
    static func parseWithYams(yaml: String, file: String, diagnostics: inout [Diagnostic]) -> FrontMatter? {
        var reader = YAMLReader(file: file, lineOffset: 1)
        defer { diagnostics += reader.diagnostics }
        guard let entries = reader.entries(of: yaml, what: "front matter") else { return nil }

        var matter = FrontMatter()
        var seen: Set<String> = []
        for (key, value) in entries {
            seen.insert(key.value)
            if let field = LinkField(rawValue: key.value) {
                matter.links[field] = reader.strings(value, key: key.value)
                continue
            }
            switch key.value {
            case "title": matter.title = reader.string(value, key: "title") ?? ""
            case "summary": matter.summary = reader.string(value, key: "summary") ?? ""
            case "aliases": matter.aliases = reader.strings(value, key: "aliases").map(\.value)
            case "body_areas": matter.bodyAreas = reader.strings(value, key: "body_areas")
            case "care": matter.care = parseCare(value, reader: &reader)
            case "urgency": matter.urgency = parseUrgency(value, reader: &reader)
            case "last_reviewed": matter.lastReviewed = reader.day(value, key: "last_reviewed")
            case "next_review": matter.nextReview = reader.day(value, key: "next_review")
            case "reviewed_by": matter.reviewedBy = reader.string(value, key: "reviewed_by")
            case "sources": matter.sources = parseSources(value, reader: &reader)
            case "draft": matter.draft = reader.bool(value, key: "draft") ?? false
            default: reader.unknownKey(key, known: keys, what: "front matter")
            }
        }
        for required in ["title", "summary"] where !seen.contains(required) {
            reader.error("missing required key '\(required)'; add a line '\(required): …' to the front matter", line: 1, column: 1)
        }
        for (key, text) in [("title", matter.title), ("summary", matter.summary)] where seen.contains(key) && text.isEmpty {
            reader.error("'\(key)' is empty", line: 1, column: 1)
        }
        if let last = matter.lastReviewed, let next = matter.nextReview, next < last {
            reader.error("'next_review' (\(next)) is before 'last_reviewed' (\(last))", line: 1, column: 1)
        }
        return matter
    }

    private static func parseCare(_ node: Node, reader: inout YAMLReader) -> CareAdvice {
        guard let mapping = node.mapping else {
            reader.error("'care' must have 'emergency:', 'urgent:', 'routine:' and/or 'cards:' lists under it", at: node.mark)
            return CareAdvice()
        }
        var care = CareAdvice()
        for (key, value) in mapping {
            let name = key.string ?? ""
            let items = reader.strings(value, key: "care.\(name)")
            switch name {
            case "emergency": care.emergency = items.map(\.value)
            case "urgent": care.urgent = items.map(\.value)
            case "routine": care.routine = items.map(\.value)
            case "cards": care.cards = items
            default:
                reader.unknownKey(Located(name, line: reader.line(key.mark), column: key.mark?.column),
                                  known: ["emergency", "urgent", "routine", "cards"], what: "'care'")
            }
        }
        return care
    }

    private static func parseUrgency(_ node: Node, reader: inout YAMLReader) -> CareLevel? {
        guard let text = reader.string(node, key: "urgency") else { return nil }
        guard let level = CareLevel(rawValue: text) else {
            let names = CareLevel.allCases.map(\.rawValue)
            reader.error("'urgency' must be one of \(names.joined(separator: ", ")), not '\(text)'\(Suggestion.hint(for: text, in: names))", at: node.mark)
            return nil
        }
        return level
    }

    private static func parseSources(_ node: Node, reader: inout YAMLReader) -> [Source] {
        guard let sequence = node.sequence else {
            reader.error("'sources' must be a list of items with 'title:', 'publisher:' and 'url:'", at: node.mark)
            return []
        }
        var sources: [Source] = []
        for item in sequence {
            guard let mapping = item.mapping else {
                reader.error("each source needs 'title:' (and optionally 'publisher:' and 'url:')", at: item.mark)
                continue
            }
            var source = Source(title: "")
            for (key, value) in mapping {
                let name = key.string ?? ""
                switch name {
                case "title": source.title = reader.string(value, key: "title") ?? ""
                case "publisher": source.publisher = reader.string(value, key: "publisher")
                case "url": source.url = reader.string(value, key: "url")
                default:
                    reader.unknownKey(Located(name, line: reader.line(key.mark), column: key.mark?.column),
                                      known: ["title", "publisher", "url"], what: "a source")
                }
            }
            if source.title.isEmpty { reader.error("a source has no 'title'", at: item.mark) }
            if let url = source.url, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
                reader.error("source url '\(url)' must start with https:// or http://", at: item.mark)
                source.url = nil
            }
            sources.append(source)
        }
        return sources
    }
}
