import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import SalveCore
@testable import SalveLinks
import Testing

/// `salve check --external` against a small HTTP server this test starts on 127.0.0.1: never the internet.
@Suite struct ExternalLinkTests {
    /// Answers like the web: fine, moved for good, moved for now, missing, broken, slow, and refusing HEAD.
    static func server() -> some ApplicationProtocol {
        let router = Router()
        router.get("ok") { _, _ in "fine" }
        router.head("ok") { _, _ in Response(status: .ok) }
        router.on("moved", method: .head) { _, _ in Response(status: .movedPermanently, headers: [.location: "/ok"]) }
        router.get("moved") { _, _ in Response(status: .movedPermanently, headers: [.location: "/ok"]) }
        router.on("for-now", method: .head) { _, _ in Response(status: .found, headers: [.location: "/ok"]) }
        router.get("for-now") { _, _ in Response(status: .found, headers: [.location: "/ok"]) }
        router.get("missing") { _, _ in Response(status: .notFound) }
        router.get("broken") { _, _ in Response(status: .internalServerError) }
        router.get("slow") { _, _ -> String in
            try await Task.sleep(for: .seconds(6))
            return "late"
        }
        router.on("no-head", method: .head) { _, _ in Response(status: .methodNotAllowed) }
        router.get("no-head") { _, _ in "fine with GET" }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// A port on 127.0.0.1 where nothing listens: bound, then closed.
    static func closedPort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                guard bind(socket, $0, length) == 0, getsockname(socket, $0, &length) == 0 else { throw POSIXError(.EADDRINUSE) }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func eachAnswerBecomesTheRightOutcome() async throws {
        let refusedPort = try Self.closedPort()
        try await Self.server().test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            // A patient fetcher for the answers (a loaded 2-core machine can take a second), a strict one for the slow page.
            let fetcher = HTTPLinkFetcher(timeout: .seconds(4)), strict = HTTPLinkFetcher(timeout: .seconds(1))
            #expect(await fetcher.fetch(base + "/ok") == LinkOutcome(status: 200))
            #expect(await fetcher.fetch(base + "/moved") == LinkOutcome(redirects: [.init(status: 301, location: base + "/ok")], status: 200))
            #expect(await fetcher.fetch(base + "/for-now") == LinkOutcome(redirects: [.init(status: 302, location: base + "/ok")], status: 200))
            #expect(await fetcher.fetch(base + "/missing").status == 404)
            #expect(await fetcher.fetch(base + "/broken").status == 500)
            #expect(await fetcher.fetch(base + "/no-head") == LinkOutcome(status: 200), "GET after a refused HEAD")
            #expect(await strict.fetch(base + "/slow") == LinkOutcome(failure: "no answer within 1 second"))
            #expect(await fetcher.fetch("http://127.0.0.1:\(refusedPort)/") == LinkOutcome(failure: "connection refused"))
            await fetcher.shutdown()
            await strict.shutdown()
        }
    }

    @Test func aSiteGetsFindingsAtTheLinesItsLinksAreOnAndASecondRunUsesTheCache() async throws {
        let refusedPort = try Self.closedPort()
        try await Self.server().test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("salve-links-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            let files = [
                "salve.yaml": "title: T\nbase_url: https://example.org\nemergency_number: \"999\"\n",
                "content/conditions/cramp.md": """
                    ---
                    title: Cramp
                    summary: A sudden, tight and painful squeeze of a muscle.
                    sources:
                      - title: Cramp leaflet
                        url: \(base)/moved
                    ---

                    Read [this](\(base)/ok), [that](\(base)/missing) and [the other](\(base)/broken).
                    Also [slow](\(base)/slow), [gone](http://127.0.0.1:\(refusedPort)/x) and [for now](\(base)/for-now).

                    """,
            ]
            for (path, text) in files {
                let url = root.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
            // Columns are where each link's text starts on its line, which depends on the port's digits.
            let lines = try #require(files["content/conditions/cramp.md"]).components(separatedBy: "\n")
            func column(_ text: String, line: Int) throws -> Int {
                try #require(lines[line - 1].range(of: text)).lowerBound.utf16Offset(in: lines[line - 1]) + 1
            }
            let (missing, broken) = (try column("[that]", line: 9), try column("[the other]", line: 9))
            let (slow, gone) = (try column("[slow]", line: 10), try column("[gone]", line: 10))
            let counter = CountingFetcher(real: HTTPLinkFetcher(timeout: .seconds(3)))
            let cache = root.appendingPathComponent(".salve-cache/external-links.json")
            let check = ExternalLinkCheck(fetcher: counter, cacheFile: cache)
            let report = await CheckReport.make(site: root, today: Day(iso: "2026-11-29")!, external: check)
            #expect(report.findings.filter { $0.check == "external-link" }.map(\.description) == [
                "content/conditions/cramp.md:6: warning: link '\(base)/moved' has moved for good (301) to '\(base)/ok'; link that address instead [external-link]",
                "content/conditions/cramp.md:9:\(missing): error: link '\(base)/missing' answers 404 Not Found; find where the page went, or link another source [external-link]",
                "content/conditions/cramp.md:9:\(broken): error: link '\(base)/broken' answers 500 Internal Server Error; find where the page went, or link another source [external-link]",
                "content/conditions/cramp.md:10:\(slow): error: link '\(base)/slow' could not be fetched: no answer within 3 seconds [external-link]",
                "content/conditions/cramp.md:10:\(gone): error: link 'http://127.0.0.1:\(refusedPort)/x' could not be fetched: connection refused [external-link]",
            ])
            #expect(await counter.count == 7, "each address fetched once")
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(".salve-cache/.gitignore").path))
            // Within a day, the same findings come from the cache, with nothing fetched.
            let again = await CheckReport.make(site: root, today: Day(iso: "2026-11-29")!, external: check)
            #expect(again.findings == report.findings)
            #expect(await counter.count == 7)
            await counter.real.shutdown()
        }
    }
}

/// Counts the fetches that reach the network.
actor Counter {
    var value = 0
    func add() { value += 1 }
}

struct CountingFetcher: LinkFetcher {
    let real: HTTPLinkFetcher
    let counter = Counter()
    var count: Int { get async { await counter.value } }

    func fetch(_ url: String) async -> LinkOutcome {
        await counter.add()
        return await real.fetch(url)
    }
}
