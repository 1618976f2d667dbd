import Foundation

/// The search index, built at build time so the browser only looks terms up, and written as small files under
/// `search-index/` so that a query fetches only the parts it needs. Its format is documented in
/// `docs/search-index.md`.
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

    /// A page as the index sees it: its entry, and the body text its terms come from.
    struct Document: Sendable, Hashable {
        var entry: Entry
        var body: String
    }

    /// A term of one page and the fields it was found in (`Field` bits OR-ed together).
    struct Posting: Sendable, Hashable {
        var term: String
        var fields: Int
    }

    static let version = 3
    /// The folder the index's files are written to, below the site root.
    public static let folder = "search-index"
    /// The one file with a fixed name: it names all the others.
    public static let entryPath = "search-index/index.json"
    /// Pages a page file holds.
    static let pagesPerFile = 10
    /// Field names by bit, so readers of the file need not hard-code them.
    static let fields: [String: Int] = Dictionary(uniqueKeysWithValues: Field.allCases.map { ($0.name, $0.rawValue) })

    /// The pages in page-number order, and each one's terms.
    private(set) var documents: [Document] = []
    /// The site's synonym groups the terms were made with.
    private(set) var synonyms = Synonyms([])
    /// term → page number and field bits, one pair after the other, page numbers ascending. Flat, because a
    /// 10,000-page site has about a million of them.
    private var postings: [String: [Int32]] = [:]
    /// The JSON of each page entry and of each term's postings, kept so that a rebuild writes only what changed
    /// and copies the rest.
    private var pageJSON: [[UInt8]] = []
    /// The name of each page's body text file (for snippets), `<hash of its bytes>`. The bytes are made again
    /// when the file is written: kept, they were the largest part of the index, and held until written, 40 MB
    /// of a 14,500-page site's peak memory; made without allocating, they cost less than that to make twice.
    private var pageTextNames: [String] = []
    /// The JSON of each term's postings, kept for an index that will be updated (a live session), so that an update
    /// makes only the JSON of the terms it touched; nil for an index made once (`forUpdates` false), whose shards
    /// make their terms' JSON as they are written: 16 MB less at a 14,500-page build's peak.
    private var termJSON: [String: [UInt8]]?
    /// The terms of each shard (`shard(of:)`) and of each first letter, sorted: what their files hold.
    private var shardTerms: [String: [String]] = [:]
    private var letterTerms: [String: [String]] = [:]
    /// How many pages have each text file: pages with the same text share one.
    private var textUsers: [String: Int] = [:]
    /// What `changedFiles()` has to make again: the keys of shards, word lists and page files (`terms/ca`,
    /// `words/c`, `pages/3`) an update touched, and the text files it named or stopped naming. Nil until the
    /// index's files were made once: then every file is new.
    private var changes: Changes?
    /// The path of every file but the entry and the texts, by key, as `changedFiles()` last made it.
    private var paths: [String: String] = [:]

    private struct Changes: Sendable {
        var keys: Set<String> = []
        /// Text files whose number of pages went to or from zero: whether each had pages before, and a page that
        /// named it last.
        var texts: [String: (hadPages: Bool, page: Int)] = [:]
    }

    public var pages: [Entry] { documents.map(\.entry) }

    /// term → list of `[page number, field bits]`, page numbers ascending, as the JSON file has them.
    public var terms: [String: [[Int]]] {
        postings.mapValues { flat in stride(from: 0, to: flat.count, by: 2).map { [Int(flat[$0]), Int(flat[$0 + 1])] } }
    }

    /// Indexes `documents` in the order given; each document's position is its page number.
    static func build(_ documents: [(entry: Entry, body: String)], synonyms: [[String]] = []) -> SearchIndex {
        SearchIndex(documents.map { Document(entry: $0.entry, body: $0.body) }, synonyms: Synonyms(synonyms))
    }

    /// The index of `documents`, reusing what `previous` knows. When the pages are the same ones in the same
    /// order (an edit, not an added or removed page), only the changed pages' terms are redone and only the
    /// postings they touch are rewritten; otherwise (a page added or removed renumbers the pages) the index is
    /// made again from every page. Either way the result is what a clean build makes.
    init(_ documents: [Document], synonyms: Synonyms = Synonyms([]), reusing candidate: SearchIndex? = nil, forUpdates: Bool = true) {
        let previous = candidate?.synonyms == synonyms ? candidate : nil
        if let previous, previous.documents.count == documents.count,
           zip(previous.documents, documents).allSatisfy({ $0.entry.url == $1.entry.url }) {
            self = previous
            for (number, document) in documents.enumerated() where document != previous.documents[number] {
                update(page: number, to: document)
            }
            return
        }
        self.synonyms = synonyms
        self.documents = documents
        // Each chunk of pages (numbered by their place in `documents`) makes its own postings, in page order, on
        // all cores; joined in chunk order, every list stays sorted by page. Pages' terms are not kept: an edit
        // works a page's old terms out again from its old document. Few chunks: each one's terms are joined on one core.
        var chunks = concurrentChunkMap(documents, chunksPerCore: 4) { chunk -> [[String: [Int32]]] in
            var counter = TermCounter()
            var local: [[Int32]] = [] // by term number
            for number in chunk.indices {
                for (term, fields) in counter.terms(of: chunk[number].entry, body: chunk[number].body, synonyms: synonyms) {
                    if Int(term) >= local.count { local += Array(repeating: [], count: Int(term) + 1 - local.count) }
                    local[Int(term)].append(Int32(number))
                    local[Int(term)].append(Int32(fields))
                }
            }
            return [Dictionary(uniqueKeysWithValues: zip(counter.words, local).filter { !$0.1.isEmpty })]
        }
        // Each term's list is made at its full length before the chunks' parts are joined in it: grown part by
        // part, the lists kept up to twice the room they need.
        var lengths: [String: Int] = [:]
        for local in chunks {
            for (term, list) in local { lengths[term, default: 0] += list.count }
        }
        postings.reserveCapacity(lengths.count)
        for index in chunks.indices {
            for (term, list) in chunks[index] {
                postings[term, default: {
                    var flat: [Int32] = []
                    flat.reserveCapacity(lengths[term]!)
                    return flat
                }()].append(contentsOf: list)
            }
            chunks[index] = [:]  // joined: let it go, so the chunks' lists and the joined ones are not all held at once
        }
        let texts = concurrentChunkMap(documents) { chunk in
            var out = JSONText(), text: [UInt8] = []
            return chunk.map { document in
                Self.textJSON(of: document.body, into: &out, folding: &text)
                return Self.hash(out.bytes)
            }
        }
        pageTextNames = texts
        pageJSON = concurrentChunkMap(Array(zip(documents, texts))) { $0.map { Self.json(of: $0.0.entry, text: $0.1) } }
        let sortedTerms = postings.keys.sorted()
        for term in sortedTerms {
            shardTerms[Self.shard(of: term), default: []].append(term)
            letterTerms[Self.letter(of: term), default: []].append(term)
        }
        for name in texts { textUsers[name, default: 0] += 1 }
        guard forUpdates else { return }
        let postings = self.postings
        let termFiles = concurrentChunkMap(sortedTerms) { $0.map { Self.json(term: $0, postings: postings[$0]!) } }
        termJSON = Dictionary(uniqueKeysWithValues: zip(sortedTerms, termFiles))
    }

    /// Replaces page `number`'s document, changing only the postings of terms it gained, lost, or now has in
    /// other fields.
    private mutating func update(page number: Int, to document: Document) {
        let old = Self.terms(of: documents[number].entry, body: documents[number].body, synonyms: synonyms)
        let new = Self.terms(of: document.entry, body: document.body, synonyms: synonyms)
        var touched: [String] = []
        var (i, j) = (0, 0)
        // Both lists are sorted by term: walk them together.
        while i < old.count || j < new.count {
            if j == new.count || (i < old.count && old[i].term < new[j].term) {
                remove(page: number, term: old[i].term)
                touched.append(old[i].term)
                i += 1
            } else if i == old.count || new[j].term < old[i].term {
                insert(page: number, fields: new[j].fields, term: new[j].term)
                touched.append(new[j].term)
                j += 1
            } else {
                if old[i].fields != new[j].fields {
                    remove(page: number, term: old[i].term)
                    insert(page: number, fields: new[j].fields, term: new[j].term)
                    touched.append(new[j].term)
                }
                i += 1
                j += 1
            }
        }
        var changes = self.changes ?? Changes()
        for term in touched {
            let (shard, letter) = (Self.shard(of: term), Self.letter(of: term))
            changes.keys.insert("terms/\(shard)")
            if let list = postings[term] {
                termJSON?[term] = Self.json(term: term, postings: list)
                if Self.insert(term, into: &shardTerms[shard, default: []]) {
                    Self.insert(term, into: &letterTerms[letter, default: []])
                    changes.keys.insert("words/\(letter)")
                }
            } else {
                termJSON?[term] = nil
                Self.remove(term, from: &shardTerms[shard])
                Self.remove(term, from: &letterTerms[letter])
                changes.keys.insert("words/\(letter)")
            }
        }
        documents[number] = document
        let (oldText, newText) = (pageTextNames[number], Self.textJSON(of: document.body).name)
        if oldText != newText {
            pageTextNames[number] = newText
            changes.texts[oldText] = (changes.texts[oldText]?.hadPages ?? true, number)
            changes.texts[newText] = (changes.texts[newText]?.hadPages ?? (textUsers[newText] != nil), number)
            textUsers[oldText, default: 1] -= 1
            if textUsers[oldText] == 0 { textUsers[oldText] = nil }
            textUsers[newText, default: 0] += 1
        }
        let json = Self.json(of: document.entry, text: pageTextNames[number])
        if json != pageJSON[number] {
            pageJSON[number] = json
            changes.keys.insert("pages/\(number / Self.pagesPerFile)")
        }
        if self.changes != nil { self.changes = changes }
    }

    /// Adds `term` to a sorted list; false when it was there.
    @discardableResult
    private static func insert(_ term: String, into list: inout [String]) -> Bool {
        let position = list.lowerBound(of: term)
        guard position == list.count || list[position] != term else { return false }
        list.insert(term, at: position)
        return true
    }

    /// Removes `term` from a sorted list, and the list when that empties it.
    private static func remove(_ term: String, from list: inout [String]?) {
        guard var terms = list else { return }
        let position = terms.lowerBound(of: term)
        if position < terms.count, terms[position] == term { terms.remove(at: position) }
        list = terms.isEmpty ? nil : terms
    }

    /// Replaces the document of each page in `documents` (page number → document), as a rebuild that keeps the
    /// pages does: only their terms are redone.
    mutating func update(_ documents: [Int: Document]) {
        for (number, document) in documents.sorted(by: { $0.key < $1.key }) where document != self.documents[number] {
            update(page: number, to: document)
        }
    }

    /// Where page `number`'s pair is, or would go, in a flat posting list.
    private static func pairIndex(of number: Int, in flat: [Int32]) -> (index: Int, found: Bool) {
        var (low, high) = (0, flat.count / 2)
        while low < high {
            let middle = (low + high) / 2
            if Int(flat[middle * 2]) < number { low = middle + 1 } else { high = middle }
        }
        return (low * 2, low * 2 < flat.count && Int(flat[low * 2]) == number)
    }

    private mutating func remove(page number: Int, term: String) {
        guard var flat = postings.removeValue(forKey: term) else { return }
        let (index, found) = Self.pairIndex(of: number, in: flat)
        if found { flat.removeSubrange(index..<index + 2) }
        if !flat.isEmpty { postings[term] = flat }
    }

    private mutating func insert(page number: Int, fields: Int, term: String) {
        var flat = postings.removeValue(forKey: term) ?? []
        let (index, found) = Self.pairIndex(of: number, in: flat)
        if found { flat[index + 1] = Int32(fields) } else { flat.insert(contentsOf: [Int32(number), Int32(fields)], at: index) }
        postings[term] = flat
    }

    /// One page's terms, sorted, with the fields each appears in (`TermCounter.terms`).
    static func terms(of entry: Entry, body: String, synonyms: Synonyms) -> [Posting] {
        var counter = TermCounter()
        return counter.terms(of: entry, body: body, synonyms: synonyms).map { Posting(term: counter.words[Int($0.term)], fields: $0.fields) }
            .sorted { $0.term < $1.term }
    }

    /// Field bits take the low 5 bits of a posting's number; the body weight (0 to 9) sits above them.
    static let weightShift = 5

    /// How strongly a page's body is about a term, 0 (not in the body) to 9: BM25's term-frequency part
    /// (k1 1.2, b 0.75), with a fixed typical body length of 400 words so that one page's edit never changes
    /// another page's weights, scaled to 1…9. A page that says a word often, in a short body, weighs more.
    static func bodyWeight(count: Int, length: Int) -> Int {
        guard count > 0 else { return 0 }
        let (k1, b, typical) = (1.2, 0.75, 400.0)
        let tf = Double(count)
        let weight = tf * (k1 + 1) / (tf + k1 * (1 - b + b * Double(length) / typical))
        return max(1, min(9, Int((weight / (k1 + 1) * 9).rounded())))
    }

    /// The shard a term's postings are in: its first two characters (a one-letter term is its own shard).
    static func shard(of term: String) -> String {
        String(term.prefix(2))
    }

    /// The word list a term is in: its first character.
    static func letter(of term: String) -> String {
        String(term.prefix(1))
    }

    /// Compact, key-sorted JSON files, so that the same site always gives the same bytes, each named by a hash of
    /// its contents so that browsers can keep it for ever: term shards, word lists by first letter (for typos),
    /// page files, and the entry file that names them. Written directly: Foundation's JSONEncoder on Linux took
    /// seconds for the index of a 10,000-page site.
    /// Every file but the pages' text files, and the path of each text file with the page it holds: those are
    /// made by `textFile(page:)` when written, one at a time.
    func files() -> (files: [OutputFile], texts: [(path: String, page: Int)]) {
        let (files, texts, _) = allFiles()
        return (files, texts)
    }

    /// `files()`, with the path of each file by key.
    private func allFiles() -> (files: [OutputFile], texts: [(path: String, page: Int)], paths: [String: String]) {
        let keys = allKeys
        let made = keys.map(file)
        let paths = Dictionary(uniqueKeysWithValues: zip(keys, made.map(\.path)))
        return (made + [entryFile(paths: paths)], allTexts, paths)
    }

    /// Every text file, each with a page it holds: pages with the same text share a file.
    private var allTexts: [(path: String, page: Int)] {
        var names: Set<String> = []
        return pageTextNames.enumerated().filter { names.insert($0.element).inserted }.map { (Self.textPath($0.element), $0.offset) }
    }

    /// The files made since this index's files were last made, as `files()` names them: every file the first
    /// time; after updates, the entry and only the files the updated pages changed.
    mutating func changedFiles() -> ChangedFiles {
        guard let changes else {
            // Made once, named by their bytes, and kept until written: made again when written, they cost a core two
            // seconds at 145,000 pages (190 MB of them, while the pages' HTML is long gone).
            // A key per chunk: the term shards come first and one can be 7 MB, so chunks of many keys left one core
            // making every shard while the other made page files.
            let (keys, index) = (allKeys, self)
            let files = concurrentChunkMap(keys, chunksPerCore: keys.count) { chunk in
                var bytes: [UInt8] = []
                return chunk.map { key in
                    index.bytes(of: key, into: &bytes)
                    return OutputFile(path: index.path(of: key, bytes: bytes), data: Data(bytes))
                }
            }
            paths = Dictionary(uniqueKeysWithValues: zip(keys, files.map(\.path)))
            self.changes = Changes()
            return ChangedFiles(entry: entryFile(paths: paths), files: files, texts: allTexts, replaced: [], isComplete: true)
        }
        var files: [OutputFile] = []
        var replaced: [String] = []
        let existing = Set(allKeys)
        var bytes: [UInt8] = []
        for key in changes.keys.sorted() {
            let old = paths[key]
            if existing.contains(key) {
                self.bytes(of: key, into: &bytes)
                let path = self.path(of: key, bytes: bytes)
                paths[key] = path
                if path != old {
                    files.append(OutputFile(path: path, data: Data(bytes)))
                    if let old { replaced.append(old) }
                }
            } else if let old {
                paths[key] = nil
                replaced.append(old)
            }
        }
        var texts: [(path: String, page: Int)] = []
        for (name, text) in changes.texts.sorted(by: { $0.key < $1.key }) {
            switch (text.hadPages, textUsers[name] != nil) {
            case (true, false): replaced.append(Self.textPath(name))
            case (false, true):
                let page = pageTextNames[text.page] == name ? text.page : pageTextNames.firstIndex(of: name)!
                texts.append((Self.textPath(name), page))
            default: break
            }
        }
        self.changes = Changes()
        return ChangedFiles(entry: entryFile(paths: paths), files: files, texts: texts, replaced: replaced, isComplete: false)
    }

    /// What `changedFiles()` found.
    struct ChangedFiles {
        /// The entry file, which names all the others: made at once, and changed by any change.
        var entry: OutputFile
        /// Every other file but the texts, or those the updates since the last call changed.
        var files: [OutputFile]
        /// The text files to write, each with the page it holds: made by `textFile(page:)`, one at a time.
        var texts: [(path: String, page: Int)]
        /// Paths of files that are no longer part of the index.
        var replaced: [String]
        /// True when these are all of the index's files: the first call on an index made from scratch.
        var isComplete: Bool
    }

    /// The keys of every file but the entry and the texts, in the order the entry names them.
    private var allKeys: [String] {
        shardTerms.keys.sorted().map { "terms/\($0)" } + letterTerms.keys.sorted().map { "words/\($0)" }
            + stride(from: 0, to: pageJSON.count, by: Self.pagesPerFile).map { "pages/\($0 / Self.pagesPerFile)" }
    }

    /// The file of a key of `allKeys`, named `<key as a file name>.<hash of its bytes>.json`.
    func file(_ key: String) -> OutputFile {
        var bytes: [UInt8] = []
        self.bytes(of: key, into: &bytes)
        return OutputFile(path: path(of: key, bytes: bytes), data: Data(bytes))
    }

    private func path(of key: String, bytes: [UInt8]) -> String {
        let slash = key.firstIndex(of: "/")!
        return "\(Self.folder)/\(key[..<slash])/\(Self.fileKey(String(key[key.index(after: slash)...]))).\(Self.hash(bytes)).json"
    }

    /// The bytes of the file of a key, into `bytes` (emptied first, its room kept).
    private func bytes(of key: String, into bytes: inout [UInt8]) {
        let slash = key.firstIndex(of: "/")!
        let (folder, name) = (key[..<slash], String(key[key.index(after: slash)...]))
        bytes.removeAll(keepingCapacity: true)
        switch folder {
        case "terms":
            bytes.append(UInt8(ascii: "{"))
            for (index, term) in shardTerms[name]!.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes += termJSON?[term] ?? Self.json(term: term, postings: postings[term]!)
            }
            bytes.append(UInt8(ascii: "}"))
        case "words":
            var out = JSONText()
            out.strings(letterTerms[name]!)
            bytes += out.bytes
        default:
            let start = Int(name)! * Self.pagesPerFile
            bytes.append(UInt8(ascii: "["))
            for (index, page) in pageJSON[start..<min(start + Self.pagesPerFile, pageJSON.count)].enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes += page
            }
            bytes.append(UInt8(ascii: "]"))
        }
    }

    private static func textPath(_ name: String) -> String {
        "\(folder)/text/\(name).json"
    }

    /// The entry file, naming every other file: `paths` holds the path of each key of `allKeys`.
    private func entryFile(paths: [String: String]) -> OutputFile {
        func name(_ key: String) -> String {
            String(paths[key]!.split(separator: "/").last!.dropLast(".json".count))
        }
        var entry = JSONText()
        func object(_ folder: String, _ keys: [String]) {
            entry.raw("{")
            for (index, key) in keys.enumerated() {
                if index > 0 { entry.raw(",") }
                entry.string(key)
                entry.raw(":")
                entry.string(name("\(folder)/\(key)"))
            }
            entry.raw("}")
        }
        entry.raw("{\"fields\":{")
        for (index, field) in Self.fields.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { entry.raw(",") }
            entry.string(field.key)
            entry.raw(":\(field.value)")
        }
        entry.raw("},\"pageFiles\":")
        entry.strings(stride(from: 0, to: pageJSON.count, by: Self.pagesPerFile).map { name("pages/\($0 / Self.pagesPerFile)") })
        entry.raw(",\"pages\":\(pageJSON.count),\"pagesPerFile\":\(Self.pagesPerFile),\"shards\":")
        object("terms", shardTerms.keys.sorted())
        entry.raw(",\"stopWords\":")
        entry.strings(Tokenizer.stopWords.sorted())
        entry.raw(",\"version\":\(Self.version),\"words\":")
        object("words", letterTerms.keys.sorted())
        entry.raw("}")
        return OutputFile(path: Self.entryPath, data: Data(entry.bytes))
    }

    /// Every file of the index, text files included, made at once: for looking at an index whole.
    func everyFile() -> [OutputFile] {
        let (files, texts) = files()
        return files + texts.map { textFile(page: $0.page) }
    }

    /// The text file of page `page` (as `files()` names it).
    /// Lets the terms go (their postings, shards and word lists), for an index made once whose term files are
    /// written: its text files need only the pages.
    mutating func forgetTerms() {
        postings = [:]
        termJSON = nil
        shardTerms = [:]
        letterTerms = [:]
    }

    func textFile(page: Int) -> OutputFile {
        OutputFile(path: "\(Self.folder)/text/\(pageTextNames[page]).json", data: Data(Self.textJSON(of: documents[page].body).bytes))
    }

    /// A shard's key as part of a file name: itself when it is lowercase ASCII letters and digits (`ca`), else the
    /// hex of its UTF-8 bytes after `x` (a Greek `αβ` is `xceb1ceb2`). Keys, not positions, name files, so a new
    /// shard does not rename the others.
    static func fileKey(_ key: String) -> String {
        if key.utf8.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            return key
        }
        return "x" + key.utf8.map { String(format: "%02x", $0) }.joined()
    }

    /// The first 10 hex digits of a file's FNV-1a 64 hash: its name changes when, and only when, its bytes do.
    static func hash(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(10))
    }

    /// Characters of a page's body the text file keeps: enough for a snippet around words near the start.
    static let textLength = 3_000

    /// A page's body text, whitespace folded and cut at a word near `textLength`, as a JSON string, and the file
    /// name it goes by: its hash, so the page file can name it.
    static func textJSON(of body: String) -> (name: String, bytes: [UInt8]) {
        var out = JSONText(), text: [UInt8] = []
        textJSON(of: body, into: &out, folding: &text)
        return (hash(out.bytes), out.bytes)
    }

    /// Writes what `textJSON(of:)` makes into `out`, emptied first, with `text` (emptied too) as room for the
    /// folded text. Both keep their room from one call to the next, so that finding every page's name (a full
    /// build does, then makes each file again when it is written, rather than keep them all) allocates nothing
    /// per page.
    static func textJSON(of body: String, into out: inout JSONText, folding text: inout [UInt8]) {
        // One pass over the bytes: runs of spaces and tabs become one space, and each line break between blocks
        // (a heading, a paragraph, a list item) becomes " · ", so headings do not run into the text after them.
        // `text` is room for the folded text: a step writes at most 5 bytes, and folding stops at `textLength`.
        if text.count < textLength + 8 { text = [UInt8](repeating: 0, count: textLength + 8) }
        var body = body
        let count = body.withUTF8 { source in
            text.withUnsafeMutableBufferPointer { folded in
                var count = 0, pendingSpace = false, pendingBreak = false
                for byte in source {
                    if count >= textLength { break }
                    switch byte {
                    case UInt8(ascii: "\n"): pendingBreak = true
                    case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): pendingSpace = true
                    default:
                        if count > 0 {
                            if pendingBreak {
                                (folded[count], folded[count + 1], folded[count + 2], folded[count + 3]) = (0x20, 0xC2, 0xB7, 0x20)  // " · "
                                count += 4
                            } else if pendingSpace {
                                folded[count] = UInt8(ascii: " ")
                                count += 1
                            }
                        }
                        pendingSpace = false
                        pendingBreak = false
                        folded[count] = byte
                        count += 1
                    }
                }
                return count
            }
        }
        out.removeAll()
        text.withUnsafeBufferPointer { folded in
            var end = count
            if count >= textLength {
                guard let space = folded[..<count].lastIndex(of: UInt8(ascii: " ")) else {
                    // Cut inside a word, perhaps inside a character: as a string, a broken character becomes U+FFFD.
                    out.string(String(decoding: folded[..<count], as: UTF8.self))
                    return
                }
                end = space
            }
            // Only whole characters are left (folding changes ASCII bytes only, and the cut was at a space), so the
            // bytes are already the valid UTF-8 a string of them would hold.
            out.string(utf8: UnsafeBufferPointer(rebasing: folded[..<end]))
        }
    }

    private static func json(of page: Entry, text: String) -> [UInt8] {
        var out = JSONText()
        out.raw("{\"aliases\":")
        out.strings(page.aliases)
        for (key, value) in [("kind", page.kind), ("summary", page.summary), ("text", text), ("title", page.title), ("url", page.url)] {
            out.raw(",\"\(key)\":")
            out.string(value)
        }
        out.raw("}")
        return out.exactBytes
    }

    /// `"term":[gap,fields,gap,fields,…]`: each page number written as its distance from the one before (the first
    /// from 0), which keeps the numbers short and repetitive for gzip.
    private static func json(term: String, postings flat: [Int32]) -> [UInt8] {
        var out = JSONText()
        out.string(term)
        out.raw(":[")
        var previous = 0
        for pair in stride(from: 0, to: flat.count, by: 2) {
            if pair > 0 { out.raw(",") }
            out.integer(Int(flat[pair]) - previous)
            out.raw(",")
            out.integer(Int(flat[pair + 1]))
            previous = Int(flat[pair])
        }
        out.raw("]")
        return out.exactBytes
    }
}

/// Finds the terms of pages, numbering each term the first time it sees it: pages repeat their words, so each
/// word is stemmed and looked up once per counter, and a page's fields and counts are kept in arrays by term
/// number instead of tables by term (the search stage's largest cost was hashing the same words again).
struct TermCounter {
    /// Each term it has seen, by number.
    private(set) var words: [String] = []
    /// A word as written → the number of its term, and whether it is a stop word.
    private var known: [String: (term: Int32, isStopWord: Bool)] = [:]
    /// The same, by the word's bytes, for ASCII text (most of it).
    private var seen = WordTable()
    private var numbers: [String: Int32] = [:]
    /// The page being counted, by term number: its field bits and its count in the body (zero for a term not yet
    /// seen on this page), and the terms it has.
    private var fields: [Int] = []
    private var counts: [Int] = []
    private var found: [Int32] = []

    /// A term's number, given it the first time.
    private mutating func number(ofTerm term: String) -> Int32 {
        if let number = numbers[term] { return number }
        let number = Int32(words.count)
        numbers[term] = number
        words.append(term)
        fields.append(0)
        counts.append(0)
        return number
    }

    /// The terms of ASCII text, as `Tokenizer.words` splits it (letters and digits lowercased, apostrophes
    /// dropped), each word looked up in `seen` by its bytes: no string is made or hashed for a word seen before.
    /// A word is looked up where it lies in the text, and copied only when it holds a capital or an apostrophe
    /// (copying every byte cost a third of the search stage's counting). False, having read nothing, when the text
    /// has a byte that is not ASCII: a quick scan first, so such text is read once, by `Tokenizer.words`.
    private mutating func asciiTerms(of bytes: UnsafeBufferPointer<UInt8>, skipStopWords: Bool, into sequence: inout [Int32]) -> Bool {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
        var start = -1  // where the word being read starts; -1 between words
        var copied = false  // the word has a capital or an apostrophe, so its term is looked up from `word`
        var word: [UInt8] = []
        var hash = WordTable.emptyHash
        func finish(at end: Int) {
            guard start >= 0 else { return }
            if copied {
                word.removeAll(keepingCapacity: true)
                for byte in bytes[start..<end] where byte != UInt8(ascii: "'") {
                    word.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
                }
            }
            let entry = copied ? word.withUnsafeBufferPointer { find($0, hash: hash) } : find(UnsafeBufferPointer(rebasing: bytes[start..<end]), hash: hash)
            if !(skipStopWords && entry.isStopWord) { sequence.append(entry.term) }
            (start, copied, hash) = (-1, false, WordTable.emptyHash)
        }
        for index in bytes.indices {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                if start < 0 { start = index }
                hash = WordTable.hash(hash, byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if start < 0 { start = index }
                copied = true
                hash = WordTable.hash(hash, byte + 32)
            case UInt8(ascii: "'"):
                // Dropped: inside a word it joins the letters either side ("don't" is "dont"); it starts no word.
                if start >= 0 { copied = true }
            default: finish(at: index)
            }
        }
        finish(at: bytes.count)
        return true
    }

    /// A word's term (lowercase ASCII bytes, with its `WordTable` hash), stemmed and numbered the first time.
    private mutating func find(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (term: Int32, isStopWord: Bool) {
        if let entry = seen.value(of: word, hash: hash) { return entry }
        let entry = lookUp(String(decoding: word, as: UTF8.self))
        seen.insert(word, hash: hash, value: entry)
        return entry
    }

    private mutating func lookUp(_ word: String) -> (term: Int32, isStopWord: Bool) {
        if let known = known[word] { return known }
        let entry = (number(ofTerm: Tokenizer.stem(word)), Tokenizer.isStopWord(word))
        known[word] = entry
        return entry
    }

    /// One page's terms (numbers into `words`), each with the fields it appears in and, above them, how strongly
    /// the body is about it. Stop words are skipped in the body only. A synonym found in a field adds the terms of
    /// the rest of its group to that field.
    mutating func terms(of entry: SearchIndex.Entry, body: String, synonyms: Synonyms) -> [(term: Int32, fields: Int)] {
        var bodyLength = 0
        func mark(_ term: Int32, _ field: SearchIndex.Field) {
            if fields[Int(term)] == 0 && counts[Int(term)] == 0 { found.append(term) }
            fields[Int(term)] |= field.rawValue
        }
        func add(_ text: String, _ field: SearchIndex.Field, skipStopWords: Bool = false) {
            var sequence: [Int32] = []
            let ascii = text.utf8.withContiguousStorageIfAvailable { asciiTerms(of: $0, skipStopWords: skipStopWords, into: &sequence) }
            if ascii != true {
                for word in Tokenizer.words(text) {
                    let (term, isStopWord) = lookUp(word)
                    if !(skipStopWords && isStopWord) { sequence.append(term) }
                }
            }
            let extra = synonyms.isEmpty ? [] : synonyms.terms(addedTo: sequence.map { words[Int($0)] }).map { number(ofTerm: $0) }
            if field == .body {
                bodyLength = sequence.count
                for term in sequence {
                    mark(term, field)
                    counts[Int(term)] += 1
                }
                for term in extra where counts[Int(term)] == 0 {
                    mark(term, field)
                    counts[Int(term)] = 1
                }
            } else {
                for term in sequence + extra { mark(term, field) }
            }
        }
        add(entry.title, .title)
        entry.aliases.forEach { add($0, .alias) }
        entry.headings.forEach { add($0, .heading) }
        add(entry.summary, .summary)
        add(body, .body, skipStopWords: true)
        let terms = found.map { term in
            (term, fields[Int(term)] | (SearchIndex.bodyWeight(count: counts[Int(term)], length: bodyLength) << SearchIndex.weightShift))
        }
        for term in found {
            fields[Int(term)] = 0
            counts[Int(term)] = 0
        }
        found.removeAll(keepingCapacity: true)
        return terms
    }
}

/// Words (lowercase ASCII bytes) → what `TermCounter` knows of them, in an open-addressing table keyed by an
/// FNV-1a hash the tokenizer works out as it reads each byte: a 14,500-page site has 8 million words, and
/// making each a string and hashing it with Swift's (seeded) hasher was most of the search index's time.
struct WordTable {
    private var slots = [Int32](repeating: -1, count: 1 << 10)  // entry numbers; -1 for empty
    private var shift = 64 - 10
    private var hashes: [UInt64] = []
    private var ranges: [Range<Int>] = []  // of each word's bytes in `arena`
    private var values: [(term: Int32, isStopWord: Bool)] = []
    private var arena: [UInt8] = []

    static let emptyHash: UInt64 = 0xcbf29ce484222325

    static func hash(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x100000001b3
    }

    func value(of word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (term: Int32, isStopWord: Bool)? {
        var slot = self.slot(hash)
        while slots[slot] >= 0 {
            let entry = Int(slots[slot])
            if hashes[entry] == hash, arena[ranges[entry]].elementsEqual(word) { return values[entry] }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    /// Adds a word that is not in the table.
    mutating func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, value: (term: Int32, isStopWord: Bool)) {
        let entry = values.count
        hashes.append(hash)
        ranges.append(arena.count..<arena.count + word.count)
        arena.append(contentsOf: word)
        values.append(value)
        if values.count * 2 > slots.count {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            shift -= 1
            for entry in hashes.indices { place(entry) }
        } else {
            place(entry)
        }
    }

    /// A hash's first slot: its high bits after a Fibonacci multiply (FNV-1a's low bits vary little).
    private func slot(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E3779B97F4A7C15) >> UInt64(shift))
    }

    private mutating func place(_ entry: Int) {
        var slot = self.slot(hashes[entry])
        while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
        slots[slot] = Int32(entry)
    }
}

/// The site's synonym groups, as sequences of terms, ready to be found in a page's terms.
struct Synonyms: Sendable, Equatable {
    /// Each group's members, each member the terms of a word or phrase (stop words left out, as in bodies).
    let groups: [[[String]]]
    /// First term of a member → (group, member) pairs that start with it.
    private let starts: [String: [(group: Int, member: Int)]]

    init(_ groups: [[String]]) {
        self.groups = groups.map { group in
            group.map { phrase in
                let words = Tokenizer.words(phrase)
                let kept = words.filter { !Tokenizer.stopWords.contains($0) }
                return (kept.isEmpty ? words : kept).map(Tokenizer.stem)
            }
        }
        var starts: [String: [(group: Int, member: Int)]] = [:]
        for (g, group) in self.groups.enumerated() {
            for (m, member) in group.enumerated() where !member.isEmpty { starts[member[0], default: []].append((g, m)) }
        }
        self.starts = starts
    }

    static func == (a: Synonyms, b: Synonyms) -> Bool { a.groups == b.groups }

    /// True when no group can add a term.
    var isEmpty: Bool { starts.isEmpty }

    /// The terms `sequence` gains: for each member of a group found in it, the terms of the group's other members.
    func terms(addedTo sequence: [String]) -> Set<String> {
        guard !starts.isEmpty else { return [] }
        var found: Set<Int> = []
        for (position, term) in sequence.enumerated() {
            for (group, member) in starts[term] ?? [] where !found.contains(group) {
                let phrase = groups[group][member]
                if position + phrase.count <= sequence.count, Array(sequence[position..<position + phrase.count]) == phrase {
                    found.insert(group)
                }
            }
        }
        return Set(found.flatMap { groups[$0].joined() })
    }
}

extension Array where Element: Comparable {
    /// The first index whose element is not less than `value`, in an ascending array.
    func lowerBound(of value: Element) -> Int {
        var (low, high) = (0, count)
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
