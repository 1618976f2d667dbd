/// One thing `salve check` found: where, how serious, which check, and what to do about it.
public struct Finding: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
        case error, warning, note

        public static func < (a: Severity, b: Severity) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// Path relative to the site folder (`content/conditions/sciatica.md`).
    public var file: String
    public var line: Int?
    public var column: Int?
    public var severity: Severity
    /// Which check found it (`review-overdue`), so a team can look them up and filter them.
    public var check: String
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, severity: Severity, check: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.check = check
        self.message = message
    }

    /// A build problem, as the check of the whole build reports it.
    init(_ diagnostic: Diagnostic) {
        self.init(file: diagnostic.file, line: diagnostic.line, column: diagnostic.column,
                  severity: diagnostic.severity == .error ? .error : .warning, check: "build", message: diagnostic.message)
    }

    /// `path:line:col: severity: message [check]`, the format compilers and editors understand.
    public var description: String {
        "\(Diagnostic.location(file, line, column)): \(severity.rawValue): \(message) [\(check)]"
    }
}
