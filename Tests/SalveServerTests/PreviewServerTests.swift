import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import SalveCore
import Testing
@testable import SalveServer

/// A small site built for real into `public/`, with a secret file beside the output that must never be served.
struct ServedSite {
    let root: URL
    var output: URL { root.appendingPathComponent("public") }

    init() async throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("salve-serve-\(UUID().uuidString)")
        let files = [
            "salve.yaml": "title: Test Health\nbase_url: https://example.org\nemergency_number: \"999\"\n",
            "content/index.md": "---\ntitle: Home\nsummary: Start here.\n---\n\nSee [[sciatica]].\n",
            "content/conditions/sciatica.md": "---\ntitle: Sciatica\nsummary: Leg pain from the back.\n---\n\nA sore leg.\n",
            "secret.txt": "do not serve me\n",
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        _ = try await SiteBuilder.build(BuildOptions(siteDirectory: root))
        // Links inside the output folder that lead out of it.
        try FileManager.default.createSymbolicLink(atPath: output.appendingPathComponent("leak.txt").path,
                                                   withDestinationPath: root.appendingPathComponent("secret.txt").path)
        try FileManager.default.createSymbolicLink(atPath: output.appendingPathComponent("up").path, withDestinationPath: root.path)
    }

    func delete() { try? FileManager.default.removeItem(at: root) }
}

@Suite struct PreviewServerTests {
    @Test func servesPagesWithTheLiveReloadScriptAndTheRightTypes() async throws {
        let site = try await ServedSite()
        defer { site.delete() }
        let app = PreviewServer.application(output: site.output, live: LiveReload())
        try await app.test(.router) { client in
            try await client.execute(uri: "/conditions/sciatica/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = String(buffer: response.body)
                #expect(html.contains("<h1>Sciatica</h1>"))
                #expect(html.contains("\(PreviewServer.scriptTag)</body>"))
            }
            // The file on disk stays as a build writes it: the script is added only when serving.
            let onDisk = try String(contentsOf: site.output.appendingPathComponent("conditions/sciatica/index.html"), encoding: .utf8)
            #expect(!onDisk.contains("live-reload"))
            try await client.execute(uri: "/", method: .get) { #expect(String(buffer: $0.body).contains("<title>")) }
            try await client.execute(uri: "/conditions", method: .get) { response in
                #expect(response.status == .movedPermanently)
                #expect(response.headers[.location] == "/conditions/")
            }
            try await client.execute(uri: "/assets/style.css", method: .get) { #expect($0.headers[.contentType] == "text/css; charset=utf-8") }
            try await client.execute(uri: "/search-index/index.json", method: .get) { #expect($0.headers[.contentType] == "application/json") }
            try await client.execute(uri: PreviewServer.scriptPath, method: .get) { response in
                #expect(String(buffer: response.body).contains("EventSource(\"/_salve/events\")"))
            }
            try await client.execute(uri: "/conditions/nothing-here/", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("Page not found"))
            }
        }
    }

    @Test(arguments: [
        "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt", "/conditions/../../secret.txt",
        "/conditions/%2e%2e/%2e%2e/secret.txt", "//etc/passwd", "/etc/passwd", "/%2fetc%2fpasswd", "/leak.txt", "/up/secret.txt",
        "/up/salve.yaml", "/..\\secret.txt", "/%00/secret.txt", "/.%2e/secret.txt",
    ])
    func pathsThatLeaveTheOutputFolderNeverReturnAFile(path: String) async throws {
        let site = try await ServedSite()
        defer { site.delete() }
        let app = PreviewServer.application(output: site.output, live: LiveReload())
        try await app.test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .notFound || response.status == .badRequest, "\(path)")
                let body = String(buffer: response.body)
                #expect(!body.contains("do not serve me") && !body.contains("root:") && !body.contains("emergency_number"), "\(path)")
            }
        }
    }

    @Test func aBasePathIsStrippedSoTheSitesOwnLinksWork() async throws {
        let site = try await ServedSite()
        defer { site.delete() }
        let app = PreviewServer.application(output: site.output, basePath: "/legs", live: LiveReload())
        try await app.test(.router) { client in
            try await client.execute(uri: "/legs/conditions/sciatica/", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func pagesHearOfErrorsAtOnceAndOfTheReloadAfterTheFix() async throws {
        let live = LiveReload()
        let failed = RebuildReport(changes: ["content/x.md"], diagnostics: [Diagnostic(file: "content/x.md", line: 3, column: 1, message: "bad <b>")],
                                   succeeded: false, bodiesRendered: 0, filesRendered: 0, written: [], removed: [], milliseconds: 1)
        await live.publish(failed)
        // A page opened while the site is broken is told straight away.
        var events = await live.subscribe().makeAsyncIterator()
        #expect(await events.next() == "retry: 1000\n\n")
        let errors = await events.next()
        #expect(errors == "event: errors\ndata: [{\"location\":\"content/x.md:3:1\",\"message\":\"bad <b>\"}]\n\n")
        // The fix writes nothing new (the file went back as it was) but must still reload, to clear the overlay.
        await live.publish(RebuildReport(changes: ["content/x.md"], diagnostics: [], succeeded: true, bodiesRendered: 1,
                                         filesRendered: 0, written: [], removed: [], milliseconds: 1))
        #expect(await events.next() == "event: reload\ndata: {}\n\n")
    }

    @Test func headAnswersLikeGetWithoutTheBody() async throws {
        let site = try await ServedSite()
        defer { site.delete() }
        let app = PreviewServer.application(output: site.output, live: LiveReload())
        try await app.test(.router) { client in
            // A page, the home page (a folder's index.html), a stylesheet, JSON, a folder without its slash, the
            // live-reload script, and a missing page (the site's 404 page, with status 404).
            for uri in ["/conditions/sciatica/", "/", "/assets/style.css", "/search-index/index.json", "/conditions",
                        PreviewServer.scriptPath, "/conditions/nothing-here/"] {
                let get = try await client.execute(uri: uri, method: .get)
                let head = try await client.execute(uri: uri, method: .head)
                #expect(head.status == get.status, "\(uri)")
                #expect(head.headers == get.headers, "\(uri)")
                #expect(head.body.readableBytes == 0, "\(uri)")
                if get.status != .movedPermanently {
                    #expect(head.headers[.contentLength] == String(get.body.readableBytes), "\(uri)")
                    #expect(head.headers[.contentType] != nil, "\(uri)")
                }
            }
            let missing = try await client.execute(uri: "/conditions/nothing-here/", method: .head)
            #expect(missing.status == .notFound && missing.headers[.contentType] == "text/html; charset=utf-8")
            // The events stream's HEAD says what GET would stream, and subscribes nothing.
            let events = try await client.execute(uri: PreviewServer.eventsPath, method: .head)
            #expect(events.status == .ok && events.headers[.contentType] == "text/event-stream" && events.body.readableBytes == 0)
            #expect(events.headers[.contentLength] == nil)
        }
    }

    @Test func headOverARealConnectionSendsHeadersOnly() async throws {
        let site = try await ServedSite()
        defer { site.delete() }
        let app = PreviewServer.application(output: site.output, live: LiveReload(), port: 0)
        try await app.test(.live) { client in
            let get = try await client.execute(uri: "/conditions/sciatica/", method: .get)
            let head = try await client.execute(uri: "/conditions/sciatica/", method: .head)
            #expect(head.status == .ok && head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] == String(get.body.readableBytes))
            #expect(head.headers[.contentType] == "text/html; charset=utf-8")
            // The connection is still good after a HEAD: no stray body bytes were sent.
            try await client.execute(uri: "/missing/", method: .head) { #expect($0.status == .notFound) }
            try await client.execute(uri: PreviewServer.scriptPath, method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func aPortInUseIsNamedInOneLine() async throws {
        let site = try await ServedSite()
        defer { site.delete() }
        // A first preview listens on a free port; a second one is started on the same port.
        let first = PreviewServer.application(output: site.output, live: LiveReload(), port: 0)
        try await first.test(.live) { client in
            let port = try #require(client.port)
            let second = PreviewServer.application(output: site.output, live: LiveReload(), port: port)
            do {
                try await second.runService(gracefulShutdownSignals: [])
                Issue.record("a second server listened on port \(port)")
            } catch {
                #expect(PreviewServer.listenFailure(error, host: "127.0.0.1", port: port)
                        == "error: port \(port) is already in use (another salve serve?); pick another with --port \(port + 1) "
                        + "(make preview PORT=\(port + 1))")
            }
        }
    }

    @Test func listenFailuresGetOneLineAndOtherErrorsNone() {
        let line = { (error: any Error) in PreviewServer.listenFailure(error, host: "10.9.9.9", port: 80) }
        #expect(line(IOError(errnoCode: EADDRINUSE, reason: "bind(descriptor:ptr:bytes:)"))
                == "error: port 80 is already in use (another salve serve?); pick another with --port 81 (make preview PORT=81)")
        #expect(line(IOError(errnoCode: EACCES, reason: "bind(descriptor:ptr:bytes:)"))
                == "error: only root may listen on port 80; pick one above 1023 with --port 8080 (make preview PORT=8080)")
        #expect(line(IOError(errnoCode: EADDRNOTAVAIL, reason: "bind(descriptor:ptr:bytes:)"))
                == "error: 10.9.9.9 is not an address of this machine; use --host 127.0.0.1, or 0.0.0.0 to be seen by other machines")
        #expect(PreviewServer.listenFailure(IOError(errnoCode: EADDRINUSE, reason: "bind"), host: "::1", port: 65535)?
                    .contains("--port 65534") == true)
        #expect(line(IOError(errnoCode: ECONNRESET, reason: "read(descriptor:pointer:size:)")) == nil)
        #expect(line(CancellationError()) == nil)
    }
}
