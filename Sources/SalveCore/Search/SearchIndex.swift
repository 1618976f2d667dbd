import Foundation

/// The JSON search index written to `search-index.json`, built at build time so the browser only looks
/// terms up. Its format is documented in `docs/search-index.md`.
public struct SearchIndex: Sendable, Encodable {
    /// One searchable page.
    public struct Entry: Sendable, Encodable, Hashable {
        public var url: String
        public var title: String
        public var kind: String
        public var summary: String
        public var aliases: [String]
        public var headings: [String]
    }

    /// Where in a page a term was found; a term's field value is these bits OR-ed together.
    public enum Field: Int, CaseIterable, Sendable {
        case title = 1, alias = 2, heading = 4, summary = 8, body = 16

        var name: String { "\(self)" }
    }

    public var version = 1
    /// Field names by bit, so readers of the file need not hard-code them.
    public var fields: [String: Int] = Dictionary(uniqueKeysWithValues: Field.allCases.map { ($0.name, $0.rawValue) })
    public var pages: [Entry]
    /// term → list of `[page number, field bits]`, page numbers ascending.
    public var terms: [String: [[Int]]]

    /// Indexes `documents` in the order given; each document's position is its page number.
    static func build(_ documents: [(entry: Entry, body: String)]) -> SearchIndex {
        var terms: [String: [[Int]]] = [:]
        for (number, document) in documents.enumerated() {
            var fieldsByTerm: [String: Int] = [:]
            func add(_ text: String, _ field: Field, skipStopWords: Bool = false) {
                for term in Tokenizer.terms(text) where !(skipStopWords && Tokenizer.stopWords.contains(term)) {
                    fieldsByTerm[term, default: 0] |= field.rawValue
                }
            }
            add(document.entry.title, .title)
            document.entry.aliases.forEach { add($0, .alias) }
            document.entry.headings.forEach { add($0, .heading) }
            add(document.entry.summary, .summary)
            add(document.body, .body, skipStopWords: true)
            for (term, fields) in fieldsByTerm.sorted(by: { $0.key < $1.key }) {
                terms[term, default: []].append([number, fields])
            }
        }
        return SearchIndex(pages: documents.map(\.entry), terms: terms)
    }

    /// Compact, key-sorted JSON so that the same site always gives the same bytes.
    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
