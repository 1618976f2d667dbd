import ArgumentParser
import Foundation
import SalveCore
import Testing
@testable import salve

/// The command line itself: what ArgumentParser prints and which exit code it gives.
@Suite struct CommandTests {
    @Test func versionPrintsTheVersionAndSucceeds() {
        #expect(Salve.configuration.version == SalveVersion.current)
        do {
            _ = try Salve.parseAsRoot(["--version"])
            Issue.record("--version parsed as a command")
        } catch {
            #expect(Salve.message(for: error) == SalveVersion.current)
            #expect(Salve.exitCode(for: error) == .success)
        }
    }

    #if os(Linux)
    /// The `salve` executable links jemalloc on Linux (Sources/CJemalloc), and `malloc` must resolve to it, not to
    /// the C library's: linked after glibc, it would be loaded and never used.
    @Test func mallocIsJemalloc() throws {
        let jemalloc = try #require(dlopen("libjemalloc.so.2", RTLD_NOW | RTLD_NOLOAD), "jemalloc is not loaded")
        let used = try #require(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc"))  // RTLD_DEFAULT: the one calls reach
        #expect(dlsym(jemalloc, "malloc") == used, "malloc is not jemalloc's")
    }
    #endif

    @Test func newRefusesATitleWithoutLatinLettersInOneLineAndWritesNothing() throws {
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("salve-new-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: site) }
        var command = try #require(try Salve.parseAsRoot(["new", "condition", "日本語", "--site", site.path]) as? New)
        do {
            try command.run()
            Issue.record("salve new accepted a title with no Latin letters")
        } catch {
            #expect(Salve.message(for: error) == ScaffoldError.titleWithoutSlug("日本語").description)
            #expect(Salve.exitCode(for: error) != .success)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.path).isEmpty)
    }

    @Test func checkExitsWithFailureOnAnOverdueReviewAndRefusesABadDay() async throws {
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("salve-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: site) }
        for (path, text) in [
            "salve.yaml": "title: T\nbase_url: https://example.org\nemergency_number: \"999\"\n",
            "content/conditions/cramp.md": "---\ntitle: Cramp\nsummary: A sudden, tight and painful squeeze of a muscle.\nlast_reviewed: 2020-01-01\n---\n\nIt passes.\n",
        ] {
            let url = site.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        for (today, fails) in [("2021-01-01", false), ("2030-01-01", true)] {
            var command = try #require(try Salve.parseAsRoot(["check", "--site", site.path, "--today", today, "--format", "github"]) as? Check)
            do {
                try await command.run()
                #expect(!fails, "an overdue review must fail salve check")
            } catch {
                #expect(fails && Salve.exitCode(for: error) == .failure, "\(error)")
            }
        }
        var strict = try #require(try Salve.parseAsRoot(["check", "--site", site.path, "--today", "2021-01-01", "--strict"]) as? Check)
        await #expect(throws: (any Error).self, "warnings (no aliases, no sources) fail --strict") { try await strict.run() }
        // The dashboard goes anywhere but into the published site.
        var inside = try #require(try Salve.parseAsRoot(["check", "--site", site.path, "--today", "2021-01-01",
                                                         "--report", site.appendingPathComponent("public/report").path]) as? Check)
        do {
            try await inside.run()
            Issue.record("a report inside public/ was accepted")
        } catch {
            #expect(Salve.message(for: error).contains("is inside the published site (public/)"))
        }
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("public").path))
        var outside = try #require(try Salve.parseAsRoot(["check", "--site", site.path, "--today", "2021-01-01",
                                                          "--report", site.appendingPathComponent("reports").path]) as? Check)
        try await outside.run()
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("reports/index.html").path))
        var bad = try #require(try Salve.parseAsRoot(["check", "--site", site.path, "--today", "29/11/2026"]) as? Check)
        do {
            try await bad.run()
            Issue.record("a day not written YYYY-MM-DD was accepted")
        } catch {
            #expect(Salve.message(for: error) == "--today must be a date written YYYY-MM-DD, like 2026-11-29")
        }
    }
}
