import Foundation

/// schema.org `MedicalWebPage` JSON-LD that says only what the page visibly shows.
enum StructuredData {
    static func json(for page: SourcePage, site: Site) -> String {
        let matter = page.frontMatter
        func names(_ field: LinkField, type: String) -> [[String: String]] {
            (site.graph.forward[page.slug]?[field] ?? []).compactMap { site.bySlug[$0] }.map {
                ["@type": type, "name": $0.frontMatter.title, "url": site.absoluteURL($0.urlPath)]
            }
        }
        var about: [String: Any] = ["@type": aboutType(page.kind), "name": matter.title]
        if !matter.aliases.isEmpty { about["alternateName"] = matter.aliases }
        if page.kind == .condition {
            let fields: [(String, LinkField, String)] = [
                ("signOrSymptom", .symptoms, "MedicalSignOrSymptom"), ("possibleTreatment", .treatments, "MedicalTherapy"),
                ("typicalTest", .tests, "MedicalTest"), ("riskFactor", .riskFactors, "MedicalRiskFactor"),
                ("cause", .causes, "MedicalCause"),
            ]
            for (key, field, type) in fields {
                let values = names(field, type: type)
                if !values.isEmpty { about[key] = values }
            }
            let areas = matter.bodyAreas.map { ["@type": "AnatomicalStructure", "name": SiteGraph.areaName($0.value)] }
            if !areas.isEmpty { about["associatedAnatomy"] = areas }
        }
        var object: [String: Any] = [
            "@context": "https://schema.org", "@type": "MedicalWebPage", "name": matter.title,
            "description": matter.summary, "url": site.absoluteURL(page.urlPath), "inLanguage": site.settings.language,
            "medicalAudience": ["@type": "Patient"], "about": about,
        ]
        if let day = matter.lastReviewed { object["lastReviewed"] = day.description }
        if let reviewer = matter.reviewedBy { object["reviewedBy"] = ["@type": "Person", "name": reviewer] }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]),
              let text = String(data: data, encoding: .utf8) else { return "" }
        // Inside <script>, "</script" or "<!--" would change how the HTML is read; "\u003c" is the same
        // character to a JSON reader and can never start a tag.
        return text.replacingOccurrences(of: "<", with: "\\u003c")
    }

    private static func aboutType(_ kind: PageKind) -> String {
        switch kind {
        case .condition: "MedicalCondition"
        case .symptom: "MedicalSignOrSymptom"
        case .treatment: "MedicalTherapy"
        case .test: "MedicalTest"
        case .riskFactor: "MedicalRiskFactor"
        case .page: "Thing"
        }
    }
}
