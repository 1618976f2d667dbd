import Foundation
import Hummingbird
import Logging
import NIOCore
import SalveCore

/// What the browser is told about rebuilds: errors while the site is broken, "reload" once new files are
/// written. Shared by the watcher loop and every open events stream.
public actor LiveReload {
    private var errors: [Diagnostic] = []
    private var listeners: [UUID: AsyncStream<String>.Continuation] = [:]

    public init() {}

    /// Tells every open page about a finished rebuild. Called only after all of its writes are done.
    public func publish(_ report: RebuildReport) {
        if !report.succeeded {
            errors = report.errors.isEmpty ? report.diagnostics : report.errors
            broadcast(Self.errorsEvent(errors))
        } else if report.changedOutput || !errors.isEmpty {
            errors = []
            broadcast("event: reload\ndata: {}\n\n")
        }
    }

    /// A stream of server-sent events for one page; it starts with the current errors, if any.
    func subscribe() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(8))
        let id = UUID()
        listeners[id] = continuation
        continuation.yield("retry: 1000\n\n")
        if !errors.isEmpty { continuation.yield(Self.errorsEvent(errors)) }
        continuation.onTermination = { _ in Task { await self.remove(id) } }
        return stream
    }

    private func remove(_ id: UUID) {
        listeners[id] = nil
    }

    private func broadcast(_ event: String) {
        for listener in listeners.values { listener.yield(event) }
    }

    /// `event: errors` with the errors as JSON: `[{"location": "content/x.md:3:1", "message": "…"}]`.
    static func errorsEvent(_ errors: [Diagnostic]) -> String {
        let items = errors.map { error -> [String: String] in
            var location = error.file
            if let line = error.line { location += ":\(line)" + (error.column.map { ":\($0)" } ?? "") }
            return ["location": location, "message": error.message]
        }
        let data = (try? JSONSerialization.data(withJSONObject: items, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
        return "event: errors\ndata: \(String(decoding: data, as: UTF8.self))\n\n"
    }
}

/// `salve serve`: the output folder over HTTP on loopback, with a live-reload script in every HTML page.
public enum PreviewServer {
    /// Where the page script listens, and where it is served from.
    static let eventsPath = "/_salve/events"
    static let scriptPath = "/_salve/live-reload.js"
    static let scriptTag = "<script src=\"\(scriptPath)\"></script>"

    /// The application, for running or for in-process tests. `basePath` is the path part of the site's
    /// `base_url` (`/legs`), which is stripped from requests so that the site's own links work.
    public static func application(output: URL, basePath: String = "", live: LiveReload, host: String = "127.0.0.1",
                                   port: Int = 8080, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol {
        // HEAD answers like GET, headers and all, without the body: link checkers and `curl -I` use it.
        let router = Router(options: .autoGenerateHeadEndpoints)
        let files = StaticFiles(root: output, basePath: basePath)
        let eventsHeaders: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-store"]
        router.get(RouterPath(eventsPath)) { _, _ -> Response in
            let events = await live.subscribe()
            return Response(status: .ok, headers: eventsHeaders,
                            body: ResponseBody { writer in
                                for await event in events { try await writer.write(ByteBuffer(string: event)) }
                                try await writer.finish(nil)
                            })
        }
        // Its own HEAD, because the generated one would subscribe a listener that nothing ever reads or ends. The
        // empty body of unknown length keeps out the `Content-Length: 0` that GET's endless stream does not send.
        router.head(RouterPath(eventsPath)) { _, _ in
            Response(status: .ok, headers: eventsHeaders, body: ResponseBody { writer in try await writer.finish(nil) })
        }
        router.get(RouterPath(scriptPath)) { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-store"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: liveReloadScript)))
        }
        router.get("/") { request, _ in files.response(for: request.uri.path) }
        router.get("**") { request, _ in files.response(for: request.uri.path) }
        var logger = Logger(label: "salve")
        logger.logLevel = .warning // the terminal shows one line per rebuild, not one per request
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "salve"),
                           onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }

    /// The one line `salve serve` prints when it cannot listen on `host:port`, or nil when `error` is not about
    /// listening. The error the server start throws names only a system call and an errno.
    public static func listenFailure(_ error: any Error, host: String, port: Int) -> String? {
        guard let error = error as? IOError else { return nil }
        let other = port < 65535 ? port + 1 : port - 1
        switch error.errnoCode {
        case EADDRINUSE:
            return "error: port \(port) is already in use (another salve serve?); pick another with --port \(other) "
                + "(make preview PORT=\(other))"
        case EACCES:
            return "error: only root may listen on port \(port); pick one above 1023 with --port 8080 (make preview PORT=8080)"
        case EADDRNOTAVAIL:
            return "error: \(host) is not an address of this machine; use --host 127.0.0.1, or 0.0.0.0 to be seen by other machines"
        default:
            return nil
        }
    }

    /// Listens on the page's events stream: reloads when told, shows build errors over the page until fixed.
    static let liveReloadScript = #"""
    (function () {
      "use strict";
      var source = new EventSource("/_salve/events");
      source.addEventListener("open", function () { document.documentElement.setAttribute("data-salve-live", "connected"); });
      source.addEventListener("reload", function () { window.location.reload(); });
      source.addEventListener("errors", function (event) { show(JSON.parse(event.data)); });
      function show(errors) {
        var old = document.getElementById("salve-errors");
        if (old) { old.remove(); }
        var box = document.createElement("div");
        box.id = "salve-errors";
        box.setAttribute("role", "alert");
        box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);" +
          "color:#fff;font:16px/1.5 system-ui,sans-serif;padding:2rem";
        var heading = document.createElement("h2");
        heading.textContent = "The site could not be rebuilt";
        heading.style.cssText = "color:#ffb3b3;margin-top:0";
        var note = document.createElement("p");
        note.textContent = "You are seeing the last version that built. Fix the " + (errors.length === 1 ? "error" : "errors") +
          " below and save; this page reloads by itself.";
        var list = document.createElement("ul");
        list.style.cssText = "font-family:ui-monospace,monospace;padding-left:1.2rem";
        errors.forEach(function (error) {
          var item = document.createElement("li");
          var where = document.createElement("strong");
          where.textContent = error.location;
          item.appendChild(where);
          item.appendChild(document.createTextNode(": " + error.message));
          list.appendChild(item);
        });
        box.appendChild(heading);
        box.appendChild(note);
        box.appendChild(list);
        document.body.appendChild(box);
      }
    })();
    """#
}

/// Files of the output folder, and nothing outside it: `..` (also percent-encoded), absolute paths and symbolic
/// links that lead out get a 404, never a file.
struct StaticFiles: Sendable {
    let root: URL
    let basePath: String

    /// The file a request path names, or nil when there is none inside the output folder.
    func file(for requestPath: String) -> (path: String, redirect: String?)? {
        guard let decoded = requestPath.split(separator: "?", maxSplits: 1).first.map(String.init)?.removingPercentEncoding else { return nil }
        var path = decoded
        if !basePath.isEmpty, path == basePath || path.hasPrefix(basePath + "/") { path = String(path.dropFirst(basePath.count)) }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard segments.allSatisfy({ $0 != ".." && $0 != "." && !$0.contains("\0") && !$0.contains("\\") }) else { return nil }
        let rootPath = root.resolvingSymlinksInPath().path
        var candidate = ([rootPath] + segments.map(String.init)).joined(separator: "/")
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder) else { return nil }
        if isFolder.boolValue {
            guard decoded.hasSuffix("/") else { return (candidate, decoded + "/") }
            candidate += "/index.html"
        }
        // Follow symbolic links, then insist the file is still inside the output folder.
        let resolved = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
        guard resolved.hasPrefix(rootPath + "/"), FileManager.default.isReadableFile(atPath: resolved) else { return nil }
        return (resolved, nil)
    }

    func response(for requestPath: String) -> Response {
        guard let found = file(for: requestPath) else { return notFound() }
        if let redirect = found.redirect {
            return Response(status: .movedPermanently, headers: [.location: redirect])
        }
        guard let data = FileManager.default.contents(atPath: found.path) else { return notFound() }
        return Self.response(data, path: found.path, status: .ok)
    }

    /// The site's own `404.html`, or a plain message when it has none.
    func notFound() -> Response {
        let page = root.appendingPathComponent("404.html").path
        guard let data = FileManager.default.contents(atPath: page) else {
            return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: "Not found\n")))
        }
        return Self.response(data, path: page, status: .notFound)
    }

    static func response(_ data: Data, path: String, status: HTTPResponse.Status) -> Response {
        let type = contentType(of: path)
        var body = data
        if type.hasPrefix("text/html") { body = injectingScript(into: data) }
        return Response(status: status, headers: [.contentType: type, .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(data: body)))
    }

    /// The page with the live-reload script before its last `</body>`, or at the end.
    static func injectingScript(into html: Data) -> Data {
        let tag = Data(PreviewServer.scriptTag.utf8)
        guard let end = html.range(of: Data("</body>".utf8), options: .backwards) else { return html + tag }
        var result = html
        result.insert(contentsOf: tag, at: end.lowerBound)
        return result
    }

    static func contentType(of path: String) -> String {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "html", "htm": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "json": "application/json"
        case "xml": "application/xml"
        case "txt": "text/plain; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        case "woff": "font/woff"
        case "pdf": "application/pdf"
        default: "application/octet-stream"
        }
    }
}
