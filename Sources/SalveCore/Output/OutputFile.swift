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
        !path.isEmpty && !path.hasPrefix("/") && !path.contains("\\") && !path.contains("\0")
            && path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != ".." && $0 != "." }
    }
}
