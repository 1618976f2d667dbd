import Foundation

/// What fetching one web address found: the redirects on the way, then the final status or why there was none.
public struct LinkOutcome: Sendable, Hashable, Codable {
    public struct Redirect: Sendable, Hashable, Codable {
        public var status: Int
        /// Where it pointed, made absolute.
        public var location: String

        public init(status: Int, location: String) {
            self.status = status
            self.location = location
        }

        /// 301 and 308 say the address has moved for good: the link should change.
        public var isPermanent: Bool { status == 301 || status == 308 }
    }

    public var redirects: [Redirect]
    /// The final HTTP status, or nil when no answer came.
    public var status: Int?
    /// Why there was no answer ("connection refused", "no answer within 5 seconds").
    public var failure: String?

    public init(redirects: [Redirect] = [], status: Int? = nil, failure: String? = nil) {
        self.redirects = redirects
        self.status = status
        self.failure = failure
    }
}

/// Fetches web addresses for `salve check --external`. The real one (HEAD, then GET, following redirects) lives
/// in SalveLinks; SalveCore only knows this shape, so the check itself stays free of networking.
public protocol LinkFetcher: Sendable {
    func fetch(_ url: String) async -> LinkOutcome
}

/// The external-link check: every `http(s)` link in page bodies and sources, fetched at most `concurrency` at a
/// time, each result remembered for a day in `cacheFile`.
public struct ExternalLinkCheck: Sendable {
    public var fetcher: any LinkFetcher
    /// Where results are kept between runs; nil keeps nothing.
    public var cacheFile: URL?
    public var concurrency = 8
    /// How long a result is trusted.
    public var cacheLifetime: TimeInterval = 24 * 60 * 60

    public init(fetcher: any LinkFetcher, cacheFile: URL?) {
        self.fetcher = fetcher
        self.cacheFile = cacheFile
    }

    /// Where a link was written.
    struct Place: Hashable {
        var file: String
        var line: Int?
        var column: Int?
    }

    /// Every external link of the site, with the places it is written, in order.
    static func links(in site: Site, texts: [String: String]) -> [(url: String, places: [Place])] {
        var order: [String] = []
        var places: [String: [Place]] = [:]
        func add(_ url: String, _ place: Place) {
            if places[url] == nil { order.append(url) }
            places[url, default: []].append(place)
        }
        for page in site.pages + [site.home].compactMap({ $0 }) {
            for reference in site.bodies[page.path]?.references ?? [] {
                if case .external(let url) = reference.target { add(url, Place(file: page.path, line: reference.line, column: reference.column)) }
            }
            let lines = (texts[page.path] ?? "").split(separator: "\n", omittingEmptySubsequences: false)
            for source in page.frontMatter.sources {
                guard let url = source.url else { continue }
                let line = lines.firstIndex { $0.contains("url:") && $0.contains(url) }.map { $0 + 1 }
                add(url, Place(file: page.path, line: line, column: nil))
            }
        }
        return order.map { ($0, places[$0] ?? []) }
    }

    /// Fetches what the cache does not know, and returns the findings and how many addresses were fetched.
    func findings(site: Site, texts: [String: String], now: Date = Date()) async -> (findings: [Finding], fetched: Int) {
        let links = Self.links(in: site, texts: texts)
        var cache = Cache.read(cacheFile)
        let fresh = cache.entries.filter { now.timeIntervalSince($0.value.checked) < cacheLifetime }
        let wanted = links.map(\.url).filter { fresh[$0] == nil }
        let fetched = await fetchAll(wanted)
        var outcomes = fresh.mapValues(\.outcome)
        for (url, outcome) in zip(wanted, fetched) {
            outcomes[url] = outcome
            cache.entries[url] = Cache.Entry(checked: now, outcome: outcome)
        }
        cache.write(cacheFile)
        var findings: [Finding] = []
        for (url, places) in links {
            guard let outcome = outcomes[url], let (severity, message) = Self.judge(url, outcome) else { continue }
            for place in places {
                findings.append(Finding(file: place.file, line: place.line, column: place.column, severity: severity,
                                        check: "external-link", message: message))
            }
        }
        return (findings, wanted.count)
    }

    /// At most `concurrency` fetches at a time, results in the order of `urls`.
    private func fetchAll(_ urls: [String]) async -> [LinkOutcome] {
        var results = [LinkOutcome?](repeating: nil, count: urls.count)
        await withTaskGroup(of: (Int, LinkOutcome).self) { group in
            var next = 0
            func start() {
                guard next < urls.count else { return }
                let index = next, url = urls[index], fetcher = self.fetcher
                group.addTask { (index, await fetcher.fetch(url)) }
                next += 1
            }
            for _ in 0..<max(1, concurrency) { start() }
            while let (index, outcome) = await group.next() {
                results[index] = outcome
                start()
            }
        }
        return results.map { $0 ?? LinkOutcome(failure: "not fetched") }
    }

    /// What a person should hear about an outcome: nil when the link is fine.
    static func judge(_ url: String, _ outcome: LinkOutcome) -> (Finding.Severity, String)? {
        if let failure = outcome.failure { return (.error, "link '\(url)' could not be fetched: \(failure)") }
        if let status = outcome.status, status >= 400 {
            return (.error, "link '\(url)' answers \(status) \(HTTPStatus.reason(status)); find where the page went, or link another source")
        }
        if let first = outcome.redirects.first, first.isPermanent {
            let final = outcome.redirects.last?.location ?? first.location
            return (.warning, "link '\(url)' has moved for good (\(first.status)) to '\(final)'; link that address instead")
        }
        return nil
    }

    /// The results file: address → when it was fetched and what came back.
    struct Cache: Codable {
        struct Entry: Codable {
            var checked: Date
            var outcome: LinkOutcome
        }

        var entries: [String: Entry] = [:]

        static func read(_ file: URL?) -> Cache {
            guard let file, let data = try? Data(contentsOf: file) else { return Cache() }
            return (try? JSONDecoder().decode(Cache.self, from: data)) ?? Cache()
        }

        /// Writes the file, and beside it a `.gitignore` that keeps the folder out of git.
        func write(_ file: URL?) {
            guard let file else { return }
            let folder = file.deletingLastPathComponent()
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let ignore = folder.appendingPathComponent(".gitignore")
            if !FileManager.default.fileExists(atPath: ignore.path) {
                try? Data("# Made by salve check --external; safe to delete.\n*\n".utf8).write(to: ignore)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            if let data = try? encoder.encode(self) { try? data.write(to: file, options: .atomic) }
        }
    }
}

/// Reason phrases of the statuses links meet, for messages people read.
enum HTTPStatus {
    static func reason(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: status >= 500 ? "(server error)" : "(client error)"
        }
    }
}
