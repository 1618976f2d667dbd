import Foundation

/// Text files as editors on any system save them: UTF-8 with or without a byte-order mark, and LF, CRLF or CR
/// line endings. Every text Salve reads (pages, `salve.yaml`, templates) goes through here, so that the rest of
/// the pipeline sees only LF text without a BOM and builds the same site from any of them.
enum TextFile {
    /// The text of `data` with the BOM removed and every line ending made LF; nil when it is not UTF-8.
    static func decode(_ bytes: some Sequence<UInt8>) -> String? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        return normalized(text)
    }

    /// `text` without a leading BOM and with CRLF and lone CR turned into LF. Text that needs neither (nearly
    /// all of it) is returned as it is, without a copy.
    static func normalized(_ text: String) -> String {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // "\r\n" is one Character in Swift, so check the bytes.
        let hasReturn = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, 0x0D, bytes.count) != nil } ?? false
        } ?? text.utf8.contains(0x0D)
        guard hasReturn else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}
