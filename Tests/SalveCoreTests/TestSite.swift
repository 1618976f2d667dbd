import Foundation
@testable import SalveCore

/// A small site written inline in a test, in its own temporary folder, built for real.
struct TestSite {
    let root: URL

    static let settings = """
        title: Test Health
        base_url: https://example.org/health
        emergency_number: "999"
        body_areas:
          - slug: lower-back-and-buttock
            name: Lower back and buttock
          - slug: back-of-thigh
            name: Back of thigh
          - slug: behind-knee
            name: Behind knee
          - slug: calf
            name: Calf
          - slug: foot
            name: Foot
        """

    /// A site with `salve.yaml` and the given files (path → text).
    init(_ files: [String: String], settings: String = TestSite.settings) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("salve-test-\(UUID().uuidString)")
        try write("salve.yaml", settings)
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
    }

    /// Builds into `public/`; returns the summary or the failure's diagnostics.
    func build(drafts: Bool = false) async -> Result<BuildSummary, BuildFailure> {
        do {
            return .success(try await SiteBuilder.build(BuildOptions(siteDirectory: root, includeDrafts: drafts)))
        } catch {
            return .failure(error)
        }
    }

    /// Builds and expects success; on failure the diagnostics become the thrown error, shown by the test.
    @discardableResult
    func buildOK(drafts: Bool = false) async throws -> BuildSummary {
        try await build(drafts: drafts).get()
    }

    /// Builds and expects failure; returns the printed error lines.
    func buildErrors() async -> [String] {
        switch await build() {
        case .success: return []
        case .failure(let failure): return failure.diagnostics.filter { $0.severity == .error }.map(\.description)
        }
    }

    /// A file of the built site as text, or nil when it was not written.
    func output(_ path: String) -> String? {
        try? String(contentsOf: root.appendingPathComponent("public").appendingPathComponent(path), encoding: .utf8)
    }

    /// Every file of the built site with its bytes, to check that a failed build changed nothing.
    func outputSnapshot() -> [String: Data] {
        let base = root.appendingPathComponent("public")
        var snapshot: [String: Data] = [:]
        for path in SiteFiles.list(base) { snapshot[path] = FileManager.default.contents(atPath: base.appendingPathComponent(path).path) }
        return snapshot
    }

    func delete() {
        try? FileManager.default.removeItem(at: root)
    }
}

/// Front matter and body for a page, written the way authors write them.
func page(_ frontMatter: String, body: String = "Some text.") -> String {
    "---\n\(frontMatter)\n---\n\n\(body)\n"
}

extension String {
    /// The text of the `<section>` whose heading is `heading`, or nil.
    func section(_ heading: String) -> String? {
        guard let headingRange = range(of: ">\(heading)</h2>") else { return nil }
        let rest = self[headingRange.upperBound...]
        guard let end = rest.range(of: "</section>") else { return nil }
        return String(rest[..<end.lowerBound])
    }
}
