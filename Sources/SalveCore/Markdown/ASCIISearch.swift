extension StringProtocol {
    /// Where `pattern`, which must be plain ASCII, first occurs, found by comparing UTF-8 bytes. Foundation's
    /// `range(of:)` compares Unicode strings and cost more than rendering the Markdown. An ASCII pattern cannot
    /// match inside a multi-byte character; the one difference is that `{{` followed by a combining accent is
    /// found here (Foundation sees a different character), which for markup is the better answer.
    func range(ofASCII pattern: StaticString) -> Range<Index>? {
        let needle = UnsafeBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount)
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
