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

    /// A one-page site watched while `body` runs, with what the watcher reports gathered in `Seen`.
    func watchingASite(_ body: (TestSite, Seen) async throws -> Void) async throws {
        let site = try TestSite(["content/conditions/sciatica.md": page("title: Sciatica\nsummary: Leg pain.")])
        defer { site.delete() }
        let watcher = try FolderWatcher(site: site.root)
        defer { watcher.stop() }
        let seen = Seen()
        let stream = watcher.changes(quiet: .milliseconds(40))
        let reader = Task { for await batch in stream { seen.add(batch) } }
        defer { reader.cancel() }
        try await body(site, seen)
    }

    @Test func savesNewFoldersAndDeletesArriveAsPaths() async throws {
        try await watchingASite { site, seen in
            // An atomic save: a hidden temporary file renamed over the page. Only the page is reported.
            let temporary = site.root.appendingPathComponent("content/conditions/.sciatica.md.tmp").path
            try page("title: Sciatica\nsummary: Leg pain, changed.").write(toFile: temporary, atomically: false, encoding: .utf8)
            try FileSystem.rename(temporary, to: site.root.appendingPathComponent("content/conditions/sciatica.md").path)
            let save = await seen.take { $0.contains("content/conditions/sciatica.md") }
            #expect(save.contains("content/conditions/sciatica.md"), "\(save)")

            // A new folder with a page in it: the page is reported even when it was written before the watcher had
            // watched the folder. Then a later page inside it (a path no earlier event can name): the folder is watched.
            try site.write("content/symptoms/numbness.md", page("title: Numbness\nsummary: No feeling."))
            let created = await seen.take { $0.contains("content/symptoms/numbness.md") }
            #expect(created.contains("content/symptoms/numbness.md"), "\(created)")
            try site.write("content/symptoms/tingling.md", page("title: Tingling\nsummary: Pins and needles."))
            let later = await seen.take { $0.contains("content/symptoms/tingling.md") }
            #expect(later.contains("content/symptoms/tingling.md"), "\(later)")

            // Settings and templates count; deleting a page is seen.
            try site.write("salve.yaml", TestSite.settings + "\n")
            try site.write("templates/page.mustache", "{{title}}")
            try site.remove("content/conditions/sciatica.md")
            let rest = await seen.take { $0.isSuperset(of: ["salve.yaml", "templates/page.mustache", "content/conditions/sciatica.md"]) }
            #expect(rest.isSuperset(of: ["salve.yaml", "templates/page.mustache", "content/conditions/sciatica.md"]), "\(rest)")
            #expect(!rest.contains { $0.contains("/.") }, "hidden temporary files are not changes: \(rest)")
        }
    }

    /// `mkdir -p` and writes at full speed, faster than the watcher can add watches: every file of every new
    /// folder, nested ones included, must still arrive, and the nested folders must be watched afterwards.
    @Test func filesWrittenBeforeANewFolderIsWatchedArrive() async throws {
        try await watchingASite { site, seen in
            var written: Set<String> = []
            for folder in 0..<10 {
                // Both folders at once, as `mkdir -p` makes them: the inner one exists before the outer one is watched.
                try FileManager.default.createDirectory(at: site.root.appendingPathComponent("content/area-\(folder)/more"),
                                                        withIntermediateDirectories: true)
                for sub in ["area-\(folder)", "area-\(folder)/more"] {
                    for file in 0..<5 {
                        let path = "content/\(sub)/page-\(file).md"
                        try FileSystem.write(Data(page("title: Page \(file)").utf8), to: site.root.appendingPathComponent(path).path)
                        written.insert(path)
                    }
                }
            }
            let arrived = await seen.take { $0.isSuperset(of: written) }
            let missing = written.subtracting(arrived).sorted()
            #expect(missing.isEmpty, "\(missing.count) of \(written.count) files never reported, such as \(missing.prefix(3))")

            try site.write("content/area-9/more/late.md", page("title: Late"))
            let late = await seen.take { $0.contains("content/area-9/more/late.md") }
            #expect(late.contains("content/area-9/more/late.md"), "a nested new folder is not watched: \(late)")
        }
    }
}
#endif
