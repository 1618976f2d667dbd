import ArgumentParser
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
}
