import Foundation

/// One problem found while building a site, printed like a compiler error so editors can jump to it.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How bad the problem is.
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    /// Path of the file, relative to the site folder where possible.
    public var file: String
    /// 1-based line, or nil when the problem belongs to the whole file.
    public var line: Int?
    /// 1-based column, or nil when unknown.
    public var column: Int?
    public var severity: Severity
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, severity: Severity = .error, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// `path:line:col: error: message`, the format compilers and editors understand.
    public var description: String {
        "\(Self.location(file, line, column)): \(severity.rawValue): \(message)"
    }

    /// `path:line:col`, leaving out what is unknown.
    static func location(_ file: String, _ line: Int?, _ column: Int?) -> String {
        guard let line else { return file }
        return column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
    }
}

/// A failed build: every error found, not just the first.
public struct BuildFailure: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

extension Array where Element == Diagnostic {
    /// Sorted by file, then line and column, so that output is stable across parallel runs.
    func sortedByLocation() -> [Diagnostic] {
        sorted { a, b in
            (a.file, a.line ?? 0, a.column ?? 0, a.message) < (b.file, b.line ?? 0, b.column ?? 0, b.message)
        }
    }
}
