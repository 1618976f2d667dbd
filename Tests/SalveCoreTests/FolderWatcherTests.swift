#if canImport(Glibc)
import Foundation
import Testing
@testable import SalveCore

/// The inotify watcher on a real folder: what editors, `mkdir` and `rm` do must arrive as changed paths.
@Suite struct FolderWatcherTests {
    /// Paths the watcher reported, gathered in the background.
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var paths: Set<String> = []

        func add(_ batch: [String]) { lock.withLock { paths.formUnion(batch) } }

        /// Waits up to 10 seconds until `wanted` holds of the paths seen since the last call; returns them.
        func take(until wanted: (Set<String>) -> Bool) async -> Set<String> {
            let deadline = ContinuousClock.now + .seconds(10)
            var current: Set<String> = []
            while ContinuousClock.now < deadline {
                current = lock.withLock { paths }
                if wanted(current) { break }
                try? await Task.sleep(for: .milliseconds(20))
            }
            lock.withLock { paths = [] }
            return current
        }
    }

    @Test func savesNewFoldersAndDeletesArriveAsPaths() async throws {
        let site = try TestSite(["content/conditions/sciatica.md": page("title: Sciatica\nsummary: Leg pain.")])
        defer { site.delete() }
        let watcher = try FolderWatcher(site: site.root)
        defer { watcher.stop() }
        let seen = Seen()
        let stream = watcher.changes(quiet: .milliseconds(40))
        let reader = Task { for await batch in stream { seen.add(batch) } }
        defer { reader.cancel() }

        // An atomic save: a hidden temporary file renamed over the page. Only the page is reported.
        let temporary = site.root.appendingPathComponent("content/conditions/.sciatica.md.tmp").path
        try page("title: Sciatica\nsummary: Leg pain, changed.").write(toFile: temporary, atomically: false, encoding: .utf8)
        try FileSystem.rename(temporary, to: site.root.appendingPathComponent("content/conditions/sciatica.md").path)
        let save = await seen.take { $0.contains("content/conditions/sciatica.md") }
        #expect(save.contains("content/conditions/sciatica.md"), "\(save)")

        // A new folder with a page in it, then a later edit inside it: the new folder is watched too.
        try site.write("content/symptoms/numbness.md", page("title: Numbness\nsummary: No feeling."))
        let created = await seen.take { $0.contains("content/symptoms") || $0.contains("content/symptoms/numbness.md") }
        #expect(created.contains("content/symptoms") || created.contains("content/symptoms/numbness.md"), "\(created)")
        try await Task.sleep(for: .milliseconds(100))
        try site.write("content/symptoms/numbness.md", page("title: Numbness\nsummary: Less feeling."))
        let edited = await seen.take { $0.contains("content/symptoms/numbness.md") }
        #expect(edited.contains("content/symptoms/numbness.md"), "\(edited)")

        // Settings and templates count; deleting a page is seen.
        try site.write("salve.yaml", TestSite.settings + "\n")
        try site.write("templates/page.mustache", "{{title}}")
        try site.remove("content/conditions/sciatica.md")
        let rest = await seen.take { $0.isSuperset(of: ["salve.yaml", "templates/page.mustache", "content/conditions/sciatica.md"]) }
        #expect(rest.isSuperset(of: ["salve.yaml", "templates/page.mustache", "content/conditions/sciatica.md"]), "\(rest)")
        #expect(!rest.contains { $0.contains("/.") }, "hidden temporary files are not changes: \(rest)")
    }
}
#endif
