/// A minimal JSON writer for the search index and structured data: strings escaped per RFC 8259, everything
/// else written raw. Foundation's JSON encoders on Linux cost seconds on a 10,000-page site.
struct JSONText {
    private(set) var bytes: [UInt8] = []
    /// Write `<` as `\u003c`, for JSON inside an HTML `<script>` element, where `</script` or `<!--` would
    /// change how the page is read.
    var forHTML = false

    init(forHTML: Bool = false) {
        self.forHTML = forHTML
    }

    /// The bytes, in an array with room for no more: for output that is kept. A writer's array grows by doubling,
    /// and a search index keeps tens of thousands of them (a third of their memory was room never used).
    var exactBytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
            count = bytes.withUnsafeBufferPointer { buffer.initialize(fromContentsOf: $0) }
        }
    }

    /// Empties the writer but keeps its room, for writing one value after another without allocating.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// A JSON value to write in one go: text, a list, or an object whose keys keep their order.
    indirect enum Value {
        case string(String)
        case int(Int)
        case array([Value])
        case object([(String, Value)])
    }

    mutating func value(_ value: Value) {
        switch value {
        case .string(let text): string(text)
        case .int(let number): integer(number)
        case .array(let items):
            raw("[")
            for (index, item) in items.enumerated() {
                if index > 0 { raw(",") }
                self.value(item)
            }
            raw("]")
        case .object(let members):
            raw("{")
            for (index, member) in members.enumerated() {
                if index > 0 { raw(",") }
                string(member.0)
                raw(":")
                self.value(member.1)
            }
            raw("}")
        }
    }

    /// A non-negative integer, digit by digit: the search index writes millions of them.
    mutating func integer(_ number: Int) {
        if number >= 10 { integer(number / 10) }
        bytes.append(UInt8(ascii: "0") + UInt8(number % 10))
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { string(utf8: $0) }
    }

    /// A string given as its UTF-8 bytes, which must be valid UTF-8. Runs of bytes that need no escape (nearly
    /// all of them) are copied in one go: the search index writes 40 MB of page text this way.
    mutating func string(utf8 text: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var start = 0
        for (index, byte) in text.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
            || (forHTML && byte == UInt8(ascii: "<")) {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<index]))
            escape(byte)
            start = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...]))
        bytes.append(UInt8(ascii: "\""))
    }

    /// The escape of one byte that JSON strings (or HTML around them) cannot hold as it is.
    private mutating func escape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:  // a control character, or `<` in HTML
            let hex = "0123456789abcdef".utf8
            bytes.append(contentsOf: "u00".utf8)
            bytes.append(hex[hex.index(hex.startIndex, offsetBy: Int(byte >> 4))])
            bytes.append(hex[hex.index(hex.startIndex, offsetBy: Int(byte & 0xF))])
        }
    }

    mutating func strings(_ list: [String]) {
        raw("[")
        for (index, item) in list.enumerated() {
            if index > 0 { raw(",") }
            string(item)
        }
        raw("]")
    }
}
