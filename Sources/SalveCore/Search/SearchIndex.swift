import Foundation

/// The JSON search index written to `search-index.json`, built at build time so the browser only looks
/// terms up. Its format is documented in `docs/search-index.md`.
public struct SearchIndex: Sendable {
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
    /// term → page number and field bits, one pair after the other, page numbers ascending. Flat, because a
    /// 10,000-page site has about a million of them.
    var postings: [String: [Int]]

    /// term → list of `[page number, field bits]`, page numbers ascending, as the JSON file has them.
    public var terms: [String: [[Int]]] {
        postings.mapValues { flat in stride(from: 0, to: flat.count, by: 2).map { [flat[$0], flat[$0 + 1]] } }
    }

    /// A term of one page and the fields it was found in (`Field` bits OR-ed together).
    struct Posting: Sendable, Hashable {
        var term: String
        var fields: Int
    }

    /// Indexes `documents` in the order given; each document's position is its page number.
    static func build(_ documents: [(entry: Entry, body: String)]) -> SearchIndex {
        assemble(documents.map(\.entry), terms: documents.map { terms(of: $0.entry, body: $0.body) })
    }

    /// One page's terms, sorted, with the fields each appears in. Stop words are skipped in the body only.
    static func terms(of entry: Entry, body: String) -> [Posting] {
        var fieldsByTerm: [String: Int] = [:]
        func add(_ text: String, _ field: Field, skipStopWords: Bool = false) {
            for term in Tokenizer.terms(text) where !(skipStopWords && Tokenizer.stopWords.contains(term)) {
                fieldsByTerm[term, default: 0] |= field.rawValue
            }
        }
        add(entry.title, .title)
        entry.aliases.forEach { add($0, .alias) }
        entry.headings.forEach { add($0, .heading) }
        add(entry.summary, .summary)
        add(body, .body, skipStopWords: true)
        return fieldsByTerm.sorted { $0.key < $1.key }.map { Posting(term: $0.key, fields: $0.value) }
    }

    /// The index of pages whose terms are already known; `terms[n]` belongs to `entries[n]`.
    static func assemble(_ entries: [Entry], terms pageTerms: [[Posting]]) -> SearchIndex {
        var postings: [String: [Int]] = [:]
        for (number, page) in pageTerms.enumerated() {
            for posting in page { postings[posting.term, default: []] += [number, posting.fields] }
        }
        return SearchIndex(pages: entries, postings: postings)
    }

    /// Compact, key-sorted JSON so that the same site always gives the same bytes. Written directly:
    /// Foundation's JSONEncoder on Linux took seconds for the index of a 10,000-page site.
    func json() -> Data {
        var out = JSONText()
        out.raw("{\"fields\":{")
        for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out.raw(",") }
            out.string(field.key)
            out.raw(":\(field.value)")
        }
        out.raw("},\"pages\":[")
        for (index, page) in pages.enumerated() {
            if index > 0 { out.raw(",") }
            out.raw("{\"aliases\":")
            out.strings(page.aliases)
            out.raw(",\"headings\":")
            out.strings(page.headings)
            for (key, value) in [("kind", page.kind), ("summary", page.summary), ("title", page.title), ("url", page.url)] {
                out.raw(",\"\(key)\":")
                out.string(value)
            }
            out.raw("}")
        }
        out.raw("],\"terms\":{")
        for (index, term) in postings.keys.sorted().enumerated() {
            if index > 0 { out.raw(",") }
            out.string(term)
            out.raw(":[")
            let flat = postings[term]!
            for pair in stride(from: 0, to: flat.count, by: 2) {
                out.raw(pair > 0 ? ",[" : "[")
                out.integer(flat[pair])
                out.raw(",")
                out.integer(flat[pair + 1])
                out.raw("]")
            }
            out.raw("]")
        }
        out.raw("},\"version\":\(version)}")
        return Data(out.bytes)
    }
}
