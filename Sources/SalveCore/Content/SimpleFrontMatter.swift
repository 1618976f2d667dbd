/// Reads front matter written the plain way most pages are, straight into a `FrontMatter`, without building a
/// YAML document first: one `key: value` a line, values as plain text, `[a, b]` lists, `- item` lists, the
/// `care:` mapping and `sources:` as a list of `title:`/`publisher:`/`url:` items, quoted text without escapes.
///
/// Composing every page's YAML with Yams cost more than rendering its Markdown. This path answers nil for
/// anything else (comments after values, text running onto a second line, anchors, escapes, tabs, unknown keys)
/// and for anything that would be an error, and the page is then read by Yams, which also writes every error
/// message; a test checks that both give the same value, with the same lines and columns, for every page they
/// both read.
struct SimpleFrontMatter {
    /// One line of the YAML: its 1-based number, its indentation, and its text after the indentation.
    private struct Line {
        var number: Int
        var indent: Int
        var text: Substring
    }

    private var lines: [Line] = []
    private var index = 0

    static func parse(_ yaml: String, lineOffset: Int) -> FrontMatter? {
        var reader = SimpleFrontMatter()
        var number = lineOffset
        guard !hasCharactersYAMLTreatsSpecially(yaml) else { return nil }
        for bytes in yaml.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            let raw = Substring(bytes)
            let text = raw.drop { $0 == " " }
            if text.isEmpty || text.hasPrefix("#") { continue }
            reader.lines.append(Line(number: number, indent: raw.utf8.count - text.utf8.count, text: text))
        }
        return reader.frontMatter()
    }

    private mutating func frontMatter() -> FrontMatter? {
        var matter = FrontMatter()
        var seen: Set<Substring> = []
        while index < lines.count {
            let line = lines[index]
            guard line.indent == 0, let (key, value) = Self.keyAndValue(line.text), seen.insert(key).inserted else { return nil }
            index += 1
            let column = Self.column(of: value, in: line)
            if let field = LinkField(rawValue: String(key)) {
                guard let items = strings(value, line: line, column: column) else { return nil }
                matter.links[field] = items
                continue
            }
            switch key {
            case "title", "summary", "reviewed_by":
                guard let text = Self.scalar(value).map(Self.trimmed), !text.isEmpty, !nestedFollows(line) else { return nil }
                switch key {
                case "title": matter.title = text
                case "summary": matter.summary = text
                default: matter.reviewedBy = text
                }
            case "aliases":
                guard let items = strings(value, line: line, column: column) else { return nil }
                matter.aliases = items.map(\.value)
            case "body_areas":
                guard let items = strings(value, line: line, column: column) else { return nil }
                matter.bodyAreas = items
            case "care":
                guard value.isEmpty, let care = care(under: line) else { return nil }
                matter.care = care
            case "urgency":
                guard let text = Self.scalar(value).map(Self.trimmed), let level = CareLevel(rawValue: text), !nestedFollows(line) else { return nil }
                matter.urgency = level
            case "last_reviewed", "next_review":
                guard let text = Self.scalar(value), let day = Day(iso: text), !nestedFollows(line) else { return nil }
                if key == "last_reviewed" { matter.lastReviewed = day } else { matter.nextReview = day }
            case "draft":
                guard value == "true" || value == "false", !nestedFollows(line) else { return nil }
                matter.draft = value == "true"
            case "sources":
                guard value.isEmpty, let sources = sources(under: line) else { return nil }
                matter.sources = sources
            default:
                return nil
            }
        }
        guard !matter.title.isEmpty, !matter.summary.isEmpty else { return nil }
        if let last = matter.lastReviewed, let next = matter.nextReview, next < last { return nil }
        return matter
    }

    /// True when the next line is indented deeper than `line`: a value running on, or a block under a key that
    /// already has a value.
    private func nestedFollows(_ line: Line) -> Bool {
        index < lines.count && lines[index].indent > line.indent
    }

    /// A list of text items: `[a, b]`, `- a` lines below the key, one plain item, or nothing. `column` is where
    /// the value starts on the key's line.
    private mutating func strings(_ value: Substring, line: Line, column: Int) -> [Located<String>]? {
        if value.isEmpty {
            guard index < lines.count, lines[index].text.hasPrefix("- "), lines[index].indent >= line.indent else {
                return nestedFollows(line) ? nil : []
            }
            let indent = lines[index].indent
            var items: [Located<String>] = []
            while index < lines.count, lines[index].indent == indent, lines[index].text.hasPrefix("- ") {
                let item = lines[index].text.dropFirst(2).drop { $0 == " " }
                guard let text = Self.scalar(item), !text.isEmpty else { return nil }
                items.append(Located(text, line: lines[index].number, column: Self.column(of: item, in: lines[index])))
                index += 1
                guard !nestedFollows(Line(number: 0, indent: indent, text: "")) else { return nil }
            }
            return index >= lines.count || lines[index].indent <= line.indent ? items : nil
        }
        guard !nestedFollows(line) else { return nil }
        if value.hasPrefix("[") {
            guard value.hasSuffix("]") else { return nil }
            let inner = value.dropFirst().dropLast()
            if inner.allSatisfy({ $0 == " " }) { return [] }
            var items: [Located<String>] = []
            for piece in inner.split(separator: ",", omittingEmptySubsequences: false) {
                let item = piece.drop { $0 == " " }
                guard let text = Self.plain(item, inFlow: true), !text.isEmpty else { return nil }
                items.append(Located(text, line: line.number, column: Self.column(of: item, in: line)))
            }
            return items
        }
        guard let text = Self.plain(value, inFlow: false) else { return nil }
        return [Located(text, line: line.number, column: column)]
    }

    /// `care:` with `emergency:`, `urgent:`, `routine:` and `cards:` lists indented under it.
    private mutating func care(under parent: Line) -> CareAdvice? {
        guard index < lines.count, lines[index].indent > parent.indent else { return nil }
        let indent = lines[index].indent
        var care = CareAdvice()
        var seen: Set<Substring> = []
        while index < lines.count, lines[index].indent == indent {
            let line = lines[index]
            guard let (key, value) = Self.keyAndValue(line.text), seen.insert(key).inserted else { return nil }
            index += 1
            guard let items = strings(value, line: line, column: Self.column(of: value, in: line)) else { return nil }
            switch key {
            case "emergency": care.emergency = items.map(\.value)
            case "urgent": care.urgent = items.map(\.value)
            case "routine": care.routine = items.map(\.value)
            case "cards": care.cards = items
            default: return nil
            }
        }
        return index >= lines.count || lines[index].indent <= parent.indent ? care : nil
    }

    /// `sources:` as `- title: …` items, each with `publisher:` and `url:` lines lined up under `title:`.
    private mutating func sources(under parent: Line) -> [Source]? {
        guard index < lines.count, lines[index].text.hasPrefix("- "), lines[index].indent >= parent.indent else { return nil }
        let indent = lines[index].indent
        var sources: [Source] = []
        while index < lines.count, lines[index].indent == indent, lines[index].text.hasPrefix("- ") {
            var source = Source(title: "")
            var seen: Set<Substring> = []
            var fieldLine = lines[index].text.dropFirst(2)
            let fieldIndent = indent + 2 + fieldLine.prefix { $0 == " " }.count
            fieldLine = fieldLine.drop { $0 == " " }
            while true {
                guard let (key, value) = Self.keyAndValue(fieldLine), seen.insert(key).inserted, let text = Self.scalar(value).map(Self.trimmed)
                else { return nil }
                switch key {
                case "title": source.title = text
                case "publisher": source.publisher = text
                case "url":
                    guard text.hasPrefix("https://") || text.hasPrefix("http://") else { return nil }
                    source.url = text
                default: return nil
                }
                index += 1
                guard index < lines.count, lines[index].indent == fieldIndent else { break }
                fieldLine = lines[index].text
            }
            guard !source.title.isEmpty, index >= lines.count || lines[index].indent <= indent else { return nil }
            sources.append(source)
        }
        return index >= lines.count || lines[index].indent <= parent.indent ? sources : nil
    }

    /// True when `yaml` holds a tab, a carriage return, another control character, or a character YAML reads as a
    /// line break (NEL, U+2028, U+2029) or refuses (U+FFFE, U+FFFF): Yams reads such text differently from plain
    /// lines, or not at all.
    private static func hasCharactersYAMLTreatsSpecially(_ yaml: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in yaml.utf8 {
            defer { previous = (previous.1, byte) }
            if byte < 0x20 && byte != UInt8(ascii: "\n") { return true }
            if byte == 0x7F { return true }
            if previous.1 == 0xC2 && (0x80...0x9F).contains(byte) { return true }
            if previous == (0xE2, 0x80) && (byte == 0xA8 || byte == 0xA9) { return true }
            if previous == (0xEF, 0xBF) && (byte == 0xBE || byte == 0xBF) { return true }
        }
        return false
    }

    /// `key: value` or `key:`; the key is lowercase letters and underscores.
    private static func keyAndValue(_ text: Substring) -> (Substring, Substring)? {
        let bytes = text.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > bytes.startIndex,
              bytes[..<colon].allSatisfy({ $0 == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) })
        else { return nil }
        var start = bytes.index(after: colon)
        if start == bytes.endIndex { return (text[..<colon], text[start...]) }
        guard bytes[start] == UInt8(ascii: " ") else { return nil }
        while start < bytes.endIndex, bytes[start] == UInt8(ascii: " ") { start = bytes.index(after: start) }
        return (text[..<colon], text[start...])
    }

    /// A value as YAML reads it: plain text, or text in quotes without escapes; trailing spaces removed.
    private static func scalar(_ value: Substring) -> String? {
        let trimmed = trimmingTrailingSpaces(value)
        if let quote = trimmed.first, quote == "\"" || quote == "'" {
            guard trimmed.count >= 2, trimmed.last == quote else { return nil }
            let inner = trimmed.dropFirst().dropLast()
            guard !inner.contains(quote), !(quote == "\"" && inner.contains("\\")) else { return nil }
            return String(inner)
        }
        return plain(trimmed, inFlow: false)
    }

    /// Plain YAML text that reads back as itself: it does not start with a character that means something else
    /// in YAML, and holds no `: ` or ` #`; in a `[…]` list, also no brackets, braces or commas. Checked on the
    /// bytes, in one pass: every character that matters here is ASCII.
    private static func plain(_ value: Substring, inFlow: Bool) -> String? {
        let text = trimmingTrailingSpaces(value)
        guard let first = text.utf8.first else { return "" }
        guard !indicators.contains(first), text.utf8.last != UInt8(ascii: ":") else { return nil }
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if inFlow && flowIndicators.contains(byte) { return nil }
            if (previous == UInt8(ascii: ":") && byte == UInt8(ascii: " ")) || (previous == UInt8(ascii: " ") && byte == UInt8(ascii: "#")) {
                return nil
            }
            previous = byte
        }
        return String(text)
    }

    private static let indicators = Set("-?:,[]{}#&*!|>'\"%@`".utf8)
    private static let flowIndicators = Set("[]{},".utf8)

    /// What `reader.string` makes of a value: single lines of text are trimmed.
    private static func trimmed(_ text: String) -> String {
        text.trimmingSpacesAndNewlines()
    }

    /// The 1-based column where `part` (a slice of the line's text) starts, counted in Unicode scalars as YAML
    /// marks count them.
    private static func column(of part: Substring, in line: Line) -> Int {
        line.indent + line.text.unicodeScalars[line.text.startIndex..<part.startIndex].count + 1
    }

    private static func trimmingTrailingSpaces(_ text: Substring) -> Substring {
        var end = text.utf8.endIndex
        while end > text.utf8.startIndex, text.utf8[text.utf8.index(before: end)] == UInt8(ascii: " ") { end = text.utf8.index(before: end) }
        return text[..<end]
    }
}
