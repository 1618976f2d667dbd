import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SalveCore

/// Fetches web addresses for `salve check --external` with AsyncHTTPClient: HEAD first, GET when HEAD is refused
/// or fails, redirects followed one by one (at most `maximumRedirects`) so that each is reported, every request
/// bounded by `timeout`. Call `shutdown()` when done.
public final class HTTPLinkFetcher: LinkFetcher {
    private let client: HTTPClient
    public let timeout: Duration
    /// `timeout` as NIO counts time.
    private let timeAmount: TimeAmount
    public let maximumRedirects = 10

    public init(timeout: Duration = .seconds(10)) {
        self.timeout = timeout
        timeAmount = .nanoseconds(timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: timeAmount, read: timeAmount)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    public func fetch(_ url: String) async -> LinkOutcome {
        let head = await follow(url, method: .HEAD)
        // Many servers refuse HEAD (405, 403, 501) or mishandle it; a GET settles it.
        if head.failure == nil, let status = head.status, status < 400 { return head }
        if let failure = head.failure, [Self.refused, Self.unknownHost].contains(failure) || failure.hasPrefix("no answer") { return head }
        return await follow(url, method: .GET)
    }

    private func follow(_ start: String, method: HTTPMethod) async -> LinkOutcome {
        var outcome = LinkOutcome()
        var current = start
        for _ in 0...maximumRedirects {
            var request = HTTPClientRequest(url: current)
            request.method = method
            request.headers.add(name: "User-Agent", value: "Salve link check (+https://github.com/salve)")
            do {
                let response = try await client.execute(request, timeout: timeAmount)
                if method == .GET {
                    for try await _ in response.body { break }  // the status is enough; do not download the page
                }
                let status = Int(response.status.code)
                if (300..<400).contains(status), let location = response.headers.first(name: "location"),
                   let next = URL(string: location, relativeTo: URL(string: current))?.absoluteString {
                    outcome.redirects.append(.init(status: status, location: next))
                    current = next
                    continue
                }
                outcome.status = status
                return outcome
            } catch {
                outcome.failure = describe(error)
                return outcome
            }
        }
        outcome.failure = "more than \(maximumRedirects) redirects"
        return outcome
    }

    static let refused = "connection refused"
    static let unknownHost = "the host name could not be found"

    private func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.localizedCaseInsensitiveContains("refused") { return Self.refused }
        if let client = error as? HTTPClientError, [.deadlineExceeded, .readTimeout, .connectTimeout].contains(client)
            || text.localizedCaseInsensitiveContains("timeout") || text.localizedCaseInsensitiveContains("timed out") {
            return "no answer within \(timeout.components.seconds) \(timeout.components.seconds == 1 ? "second" : "seconds")"
        }
        if ["UnknownHost", "DNS", "resolve", "lookup"].contains(where: { text.localizedCaseInsensitiveContains($0) }) {
            return Self.unknownHost
        }
        return text
    }
}
