extension StringProtocol {
    /// Where `pattern`, which must be plain ASCII, first occurs, found by comparing UTF-8 bytes. Foundation's
    /// `range(of:)` compares Unicode strings and cost more than rendering the Markdown; an ASCII pattern cannot
    /// match inside a multi-byte character, so comparing bytes finds the same places.
    func range(ofASCII pattern: String) -> Range<Index>? {
        let needle = Array(pattern.utf8)
        guard let head = needle.first else { return nil }
        let bytes = utf8
        var start = bytes.startIndex
        while let first = bytes[start...].firstIndex(of: head) {
            var end = first
            var matched = 0
            while matched < needle.count, end < bytes.endIndex, bytes[end] == needle[matched] {
                bytes.formIndex(after: &end)
                matched += 1
            }
            if matched == needle.count { return first..<end }
            start = bytes.index(after: first)
        }
        return nil
    }
}
