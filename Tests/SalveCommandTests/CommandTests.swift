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
}
