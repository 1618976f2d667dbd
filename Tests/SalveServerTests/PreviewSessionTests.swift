import Foundation
import HummingbirdTesting
import SalveCore
import Testing
@testable import SalveServer

/// `salve serve` as a whole, over a real connection: first build, then the address, then a rebuild per change.
/// Changes come through a stream the test feeds, so no inotify and no waiting for the file system.
@Suite struct PreviewSessionTests {
    /// What the session told its caller, in order.
    enum Event: Sendable {
        /// The address, and whether the home page was on disk when it was given.
        case listening(String, homePageWritten: Bool)
        case report(RebuildReport)
        /// The session ended: nil when it returned, else what it threw.
        case ended((any Error)?)
    }

    /// Events gathered in the background.
    final class Heard: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [Event] = []

        func add(_ event: Event) { lock.withLock { events.append(event) } }

        /// Waits up to 30 seconds (a first debug build of a small site takes well under one) for the `count`th
        /// event, and returns it, or nil when it did not come.
        func event(_ count: Int) async -> Event? {
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline {
                if let event = lock.withLock({ events.count >= count ? events[count - 1] : nil }) { return event }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return nil
        }
    }

    /// A page's status and text over HTTP, as a browser would ask for it.
    func fetch(_ path: String, port: Int) async throws -> (status: Int, text: String) {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            let response = try await client.get(path)
            return (Int(response.status.code), response.body.map { String(buffer: $0) } ?? "")
        }
    }

    @Test func buildsThenListensThenRebuildsEachChangeUntilCancelled() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("salve-session-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try write("salve.yaml", "title: Test Health\nbase_url: https://example.org\nemergency_number: \"999\"\n")
        try write("content/index.md", "---\ntitle: Home\nsummary: Start here.\n---\n\nSee [[sciatica]].\n")
        try write("content/conditions/sciatica.md", "---\ntitle: Sciatica\nsummary: Leg pain from the back.\n---\n\nA sore leg.\n")
        let homePage = root.appendingPathComponent("public/index.html").path

        let heard = Heard()
        let (changes, change) = AsyncStream<[String]>.makeStream()
        let session = Task {
            do {
                try await PreviewSession.run(BuildOptions(siteDirectory: root), port: 0, changes: changes) { address in
                    heard.add(.listening(address, homePageWritten: FileManager.default.fileExists(atPath: homePage)))
                } report: { report in
                    heard.add(.report(report))
                }
                heard.add(.ended(nil))
            } catch {
                heard.add(.ended(error))
            }
        }
        defer { session.cancel() }

        // The first build is reported, and only then is the address given, with the site already on disk.
        let firstEvent = await heard.event(1)
        guard case .report(let first) = firstEvent else { Issue.record("heard first: \(String(describing: firstEvent))"); return }
        #expect(first.succeeded && first.changes.isEmpty, "\(first.diagnostics)")
        let secondEvent = await heard.event(2)
        guard case .listening(let address, let homePageWritten) = secondEvent else {
            Issue.record("heard second: \(String(describing: secondEvent))")
            return
        }
        #expect(homePageWritten, "the address was given before the site was written")
        let url = try #require(URLComponents(string: address))
        #expect(url.host == "127.0.0.1" && url.path == "/")
        let port = try #require(url.port)
        #expect(port != 0, "port 0 must become the free port the server took")

        let before = try await fetch("/conditions/sciatica/", port: port)
        #expect(before.status == 200)
        #expect(before.text.contains("A sore leg.") && before.text.contains(PreviewServer.scriptTag))

        // An edit, told through the stream as the watcher would: one more report, and the served page shows it.
        try write("content/conditions/sciatica.md", "---\ntitle: Sciatica\nsummary: Leg pain from the back.\n---\n\nA very sore leg.\n")
        change.yield(["content/conditions/sciatica.md"])
        let thirdEvent = await heard.event(3)
        guard case .report(let rebuilt) = thirdEvent else { Issue.record("heard after the change: \(String(describing: thirdEvent))"); return }
        #expect(rebuilt.succeeded && rebuilt.changes == ["content/conditions/sciatica.md"], "\(rebuilt.diagnostics)")
        #expect(rebuilt.written.contains("conditions/sciatica/index.html"))
        let after = try await fetch("/conditions/sciatica/", port: port)
        #expect(after.status == 200 && after.text.contains("A very sore leg."))

        // Cancelling the task ends the session, without an error, and closes the port.
        session.cancel()
        let lastEvent = await heard.event(4)
        guard case .ended(let error) = lastEvent else { Issue.record("heard after cancelling: \(String(describing: lastEvent))"); return }
        #expect(error == nil, "\(String(describing: error))")
        await #expect(throws: (any Error).self, "the port still answers after the session ended") {
            try await fetch("/", port: port)
        }
    }
}
