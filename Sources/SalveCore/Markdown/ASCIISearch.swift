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

extension StringProtocol {
    /// The text without the white space at either end, as Foundation's `trimmingCharacters(in: .whitespaces)`
    /// trims it (Unicode spaces and tabs, not line breaks), in Swift alone: Foundation's goes through `NSString`, and
    /// cost a twentieth of a large build.
    func trimmingSpaces() -> String {
        trimming { Self.isSpace($0) && !Self.breaksLines($0) }
    }

    /// As `trimmingCharacters(in: .whitespacesAndNewlines)`: Unicode white space, line breaks included.
    func trimmingSpacesAndNewlines() -> String {
        trimming(Self.isSpace)
    }

    /// Unicode white space, and U+200B zero width space, which Foundation's sets also hold (checked for every
    /// scalar against swift-corelibs-foundation: the one difference).
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.value == 0x200B
    }

    /// Foundation's `CharacterSet.newlines`: U+000A to U+000D, U+0085, U+2028 and U+2029.
    private static func breaksLines(_ scalar: Unicode.Scalar) -> Bool {
        (0x0A...0x0D).contains(scalar.value) || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    private func trimming(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = Substring(self).unicodeScalars  // by scalars, as Foundation trims: a space before an accent goes
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isTrimmed($0) })!
        return String(scalars[first...last])
    }
}
