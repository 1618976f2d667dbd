import Foundation

/// One file of the finished site: a path below the output folder and its bytes.
public struct OutputFile: Sendable, Hashable {
    /// Relative path with `/` separators, such as `conditions/sciatica/index.html`.
    public var path: String
    public var data: Data

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }

    public init(path: String, text: String) {
        self.init(path: path, data: Data(text.utf8))
    }

    /// True when the path stays inside the output folder: relative, no `..` or `.` segments, no empty segments.
    var isContained: Bool {
        // By bytes: checked for each of a build's 300,000 files, splitting into Strings cost a core half a second.
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, !bytes.contains(UInt8(ascii: "\\")), !bytes.contains(0) else { return false }
        return bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).allSatisfy { segment in
            !segment.isEmpty && !segment.elementsEqual([UInt8(ascii: ".")]) && !segment.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")])
        }
    }
}
