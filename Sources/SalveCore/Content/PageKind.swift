/// What a page is about; it comes from the folder the page lives in.
public enum PageKind: String, Sendable, CaseIterable, Hashable, Comparable {
    case condition, symptom, treatment, test, riskFactor, page

    /// The folder under `content/` that holds pages of this kind, which is also the first URL segment.
    public var folder: String {
        switch self {
        case .condition: "conditions"
        case .symptom: "symptoms"
        case .treatment: "treatments"
        case .test: "tests"
        case .riskFactor: "risk-factors"
        case .page: "pages"
        }
    }

    /// The kind whose pages live in `folder`, if any.
    public init?(folder: String) {
        guard let kind = PageKind.allCases.first(where: { $0.folder == folder }) else { return nil }
        self = kind
    }

    /// "Condition", "Risk factor": a label for one page of this kind.
    public var singular: String {
        switch self {
        case .condition: "Condition"
        case .symptom: "Symptom"
        case .treatment: "Treatment"
        case .test: "Test"
        case .riskFactor: "Risk factor"
        case .page: "Page"
        }
    }

    /// "Conditions", "Risk factors": the heading of this kind's index page.
    public var plural: String {
        switch self {
        case .condition: "Conditions"
        case .symptom: "Symptoms"
        case .treatment: "Treatments"
        case .test: "Tests"
        case .riskFactor: "Risk factors"
        case .page: "Pages"
        }
    }

    /// The kinds that get an index page listing all their pages.
    public static let indexed: [PageKind] = [.condition, .symptom, .treatment, .test, .riskFactor]

    public static func < (a: PageKind, b: PageKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
