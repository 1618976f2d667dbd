/// `[[slug]]`, `[[slug|text]]` and `[[slug#section|text]]` links written in page bodies.
struct WikiLink: Hashable {
    var slug: String
    var fragment: String?
    var text: String?
    /// What stood between the brackets, for error messages.
    var raw: String

    enum Piece: Hashable {
        case text(String)
        case link(WikiLink)
    }

    /// Splits text into plain runs and wiki links. Brackets that do not form a link stay as text.
    static func split(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(text)
        var pending = ""
        while let open = rest.range(ofASCII: "[[") {
            guard let close = rest[open.upperBound...].range(ofASCII: "]]") else { break }
            let inner = rest[open.upperBound..<close.lowerBound]
            if inner.isEmpty || Self.contains(inner, "[", UInt8(ascii: "[")) || Self.contains(inner, "\n", UInt8(ascii: "\n")) {
                pending += rest[..<open.upperBound]
                rest = rest[open.upperBound...]
                continue
            }
            pending += rest[..<open.lowerBound]
            if !pending.isEmpty { pieces.append(.text(pending)) }
            pending = ""
            pieces.append(.link(parse(String(inner))))
            rest = rest[close.upperBound...]
        }
        pending += rest
        if !pending.isEmpty { pieces.append(.text(pending)) }
        return pieces
    }

    /// Foundation's `contains`, which compares characters (a `[` with an accent on it is not a `[`), asked only
    /// when the byte is there at all: asked of every link, it cost more than splitting the text.
    private static func contains(_ text: Substring, _ character: String, _ byte: UInt8) -> Bool {
        text.utf8.contains(byte) && text.contains(character)
    }

    private static func parse(_ inner: String) -> WikiLink {
        let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let target = parts[0].trimmingSpaces()
        let text = parts.count > 1 ? parts[1].trimmingSpaces() : nil
        let targetParts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        return WikiLink(slug: String(targetParts[0]),
                        fragment: targetParts.count > 1 ? String(targetParts[1]) : nil,
                        text: text?.isEmpty == true ? nil : text, raw: inner)
    }
}
