import Foundation

/// The editors' dashboard: one self-contained HTML file (no external files, a few lines of script to sort the
/// table) with a summary, reviews falling due by month as an inline SVG chart, and a table of every page.
/// `salve check --report DIR` writes it outside the published site, so it is never deployed by accident.
public enum Dashboard {
    /// The report's HTML. Pure.
    public static func html(_ report: CheckReport) -> String {
        let siteTitle = report.siteTitle
        let today = report.today
        let topics = report.rows.filter { PageKind.indexed.contains($0.kind) }
        let overdue = topics.filter { ($0.nextReview.map { today.days(to: $0) } ?? 0) < 0 }.count
        let dueSoon = topics.filter { row in row.nextReview.map { (0...report.dueSoonDays).contains(today.days(to: $0)) } ?? false }.count
        let unsigned = topics.filter { $0.reviewedBy == nil }.count
        let hard = report.rows.filter { row in row.findings.contains { $0.check == "reading-level" } }.count
        let broken = report.findings.filter { $0.check == "external-link" && $0.severity == .error }.count

        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>Content check: \(e(siteTitle))</title>
            <style>\(style)</style>
            </head>
            <body>
            <main>
            <h1>Content check: \(e(siteTitle))</h1>
            <p class="lead">Reviews judged on <time datetime="\(today)">\(today.longForm)</time>. Findings: \(counted(report.count(.error), "error")), \(counted(report.count(.warning), "warning")) and \(counted(report.count(.note), "note")) in \(counted(report.pages, "page")); <code>salve check</code> lists each one.</p>
            \(report.pages == 0 ? "<p class=\"banner\"><strong>Nothing was checked:</strong> the site has errors that stop the build. They are listed under Site findings; fix them and run <code>salve check</code> again.</p>" : "")
            <h2 id="summary">Summary</h2>
            <ul class="summary">
            \(tile("overdue", overdue, "pages overdue for review", overdue > 0 ? "bad" : "good"))
            \(tile("due-soon", dueSoon, "pages due for review in the next \(report.dueSoonDays) days", dueSoon > 0 ? "warn" : "good"))
            \(tile("unsigned", unsigned, "pages never reviewed by a clinician", unsigned > 0 ? "warn" : "good"))
            \(tile("hard", hard, "pages above the reading level", hard > 0 ? "warn" : "good"))
            \(report.checkedExternalLinks ? tile("broken", broken, "broken links", broken > 0 ? "bad" : "good")
                : "<li class=\"tile\" id=\"tile-broken\"><span class=\"count\">–</span> broken links: not checked; run <code>salve check --external</code></li>")
            </ul>
            <h2 id="timeline">Reviews falling due</h2>
            <div class="chart-wrap" tabindex="0" role="region" aria-labelledby="timeline">\(timeline(topics, today: today, months: max(36, report.reviewIntervalMonths + 1)))</div>
            \(siteFindings(report))
            <h2 id="pages">Every page</h2>
            <p>Select a column's heading to sort by it; select it again to reverse the order.</p>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="pages">
            <table id="page-table">
            <thead><tr>
            """
        let columns: [(String, String)] = [("title", "Page"), ("kind", "Kind"), ("last", "Last reviewed"), ("next", "Next review"),
                                           ("reviewer", "Reviewed by"), ("grade", "Grade"), ("smog", "SMOG"), ("words", "Words"),
                                           ("in", "Links in"), ("out", "Links out"), ("findings", "Findings")]
        for (key, label) in columns {
            html += "<th scope=\"col\" data-key=\"\(key)\"><button type=\"button\">\(label)</button></th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for row in report.rows {
            let days = row.nextReview.map { today.days(to: $0) }
            let state = days.map { $0 < 0 ? "overdue" : $0 <= report.dueSoonDays ? "due-soon" : "" } ?? ""
            let stateLabel = state == "overdue" ? " <strong class=\"flag\">Overdue</strong>" : state == "due-soon" ? " <strong class=\"flag\">Due soon</strong>" : ""
            let serious = row.findings.filter { $0.severity != .note }
            html += "<tr>"
            html += "<td data-sort=\"\(e(row.title.lowercased()))\"><a href=\"\(e(row.url))\">\(e(row.title))</a><br><span class=\"path\">\(e(row.path))</span></td>"
            html += "<td data-sort=\"\(row.kind.rawValue)\">\(row.kind.singular)</td>"
            let isHealth = PageKind.indexed.contains(row.kind) && !row.path.hasSuffix("content/index.md")
            html += "<td class=\"date\" data-sort=\"\(row.lastReviewed?.description ?? "")\">\(row.lastReviewed?.description ?? (isHealth ? "<span class=\"missing\">none</span>" : "–"))</td>"
            html += "<td class=\"date \(state)\" data-sort=\"\(row.nextReview?.description ?? "")\">\(row.nextReview?.description ?? "–")\(stateLabel)</td>"
            html += "<td data-sort=\"\(e(row.reviewedBy ?? ""))\">\(row.reviewedBy.map(e) ?? (isHealth ? "<span class=\"missing\">Not reviewed</span>" : "<span class=\"missing\">not a health page</span>"))</td>"
            html += "<td data-sort=\"\(String(format: "%.1f", row.grade))\">\(String(format: "%.1f", row.grade))</td>"
            html += "<td data-sort=\"\(String(format: "%.1f", row.smog))\">\(String(format: "%.1f", row.smog))</td>"
            html += "<td data-sort=\"\(row.words)\">\(row.words)</td>"
            html += "<td data-sort=\"\(row.linksIn)\">\(row.linksIn)</td>"
            html += "<td data-sort=\"\(row.linksOut)\">\(row.linksOut)</td>"
            html += "<td data-sort=\"\(serious.count)\">"
            if serious.isEmpty {
                html += "0"
            } else {
                html += "<details><summary>\(serious.count)</summary><ul>"
                for finding in serious {
                    html += "<li><span class=\"sev-\(finding.severity.rawValue)\">\(finding.severity.rawValue)</span>: \(e(finding.message))</li>"
                }
                html += "</ul></details>"
            }
            html += "</td></tr>\n"
        }
        html += """
            </tbody>
            </table>
            </div>
            </main>
            <script>\(script)</script>
            </body>
            </html>

            """
        return html
    }

    private static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// Findings that belong to no page (salve.yaml, the whole site), which the table cannot show.
    private static func siteFindings(_ report: CheckReport) -> String {
        let pages = Set(report.rows.map(\.path))
        let others = report.findings.filter { !pages.contains($0.file) }
        guard !others.isEmpty else { return "" }
        var html = "<h2 id=\"site-findings\">Site findings</h2>\n<ul class=\"site-findings\">"
        for finding in others {
            let place = finding.line.map { "\(finding.file):\($0)" } ?? finding.file
            html += "<li><span class=\"sev-\(finding.severity.rawValue)\">\(finding.severity.rawValue)</span> <code>\(e(place))</code>: \(e(finding.message))</li>"
        }
        return html + "</ul>"
    }

    private static func tile(_ id: String, _ count: Int, _ label: String, _ tone: String) -> String {
        "<li class=\"tile \(tone)\" id=\"tile-\(id)\"><span class=\"count\">\(count)</span> \(label)</li>"
    }

    /// Bars of the pages falling due in each of the next 36 months, after a bar of those already overdue.
    static func timeline(_ rows: [PageRow], today: Day, months count: Int = 36) -> String {
        let months = (0..<count).map { today.adding(months: $0) }
        var counts = [Int](repeating: 0, count: months.count)
        var overdue = 0
        for row in rows {
            guard let next = row.nextReview else { continue }
            if next < today { overdue += 1; continue }
            let index = (next.year - today.year) * 12 + next.month - today.month
            if counts.indices.contains(index) { counts[index] += 1 }
        }
        let bars = [("Overdue", overdue, true)] + zip(months, counts).map { ("\(Day.monthNames[$0.month - 1]) \($0.year)", $1, false) }
        let peak = max(1, bars.map(\.1).max() ?? 1)
        let width = 20, gap = 4, height = 170, top = 20, left = 36, bottom = 40, afterOverdue = 24
        func x(_ index: Int) -> Int { left + index * (width + gap) + (index > 0 ? afterOverdue : 0) }
        let total = x(bars.count) + 10
        let described = bars.filter { $0.1 > 0 }.map { "\($0.0): \($0.1)" }.joined(separator: "; ")
        var svg = "<svg class=\"timeline\" viewBox=\"0 0 \(total) \(height + bottom)\" role=\"img\" aria-labelledby=\"timeline-title\">"
        svg += "<title id=\"timeline-title\">Pages falling due for review by month. \(described.isEmpty ? "None in the next \(count) months." : e(described))</title>"
        svg += "<line x1=\"\(left)\" y1=\"\(height)\" x2=\"\(total - 10)\" y2=\"\(height)\" class=\"axis\"/>"
        svg += "<text x=\"\(left - 6)\" y=\"\(height)\" class=\"scale\">0</text><text x=\"\(left - 6)\" y=\"\(top + 4)\" class=\"scale\">\(peak)</text>"
        for (index, bar) in bars.enumerated() {
            let x = x(index)
            let barHeight = bar.1 == 0 ? 0 : max(2, bar.1 * (height - top) / peak)
            svg += "<rect x=\"\(x)\" y=\"\(height - barHeight)\" width=\"\(width)\" height=\"\(barHeight)\" class=\"\(bar.2 ? "bar-overdue" : "bar")\"><title>\(bar.0): \(bar.1)</title></rect>"
            if bar.1 > 0 { svg += "<text x=\"\(x + width / 2)\" y=\"\(height - barHeight - 4)\" class=\"value\">\(bar.1)</text>" }
            if index == 0 || (index > 3 && (index - 4) % 6 == 0) {  // months from the 4th, clear of "Overdue"
                let label = index == 0 ? "Overdue" : String(bar.0.prefix(3)) + " " + String(bar.0.suffix(4))
                svg += "<text x=\"\(x + width / 2)\" y=\"\(height + 16)\" class=\"label\">\(label)</text>"
            }
        }
        return svg + "</svg>"
    }

    private static func e(_ text: String) -> String { Escaping.xml(text) }

    static let style = """
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#212b32;background:#fff}
        main{max-width:90rem;margin:0 auto;padding:1rem}
        h1{font-size:1.75rem;margin:.5rem 0}h2{font-size:1.35rem;margin:1.5rem 0 .5rem}
        a{color:#005eb8}a:visited{color:#330072}
        :focus-visible{outline:3px solid #212b32;background:#ffeb3b;color:#212b32}
        .summary{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.75rem}
        .tile{border:1px solid #d8dde0;border-left:8px solid #4c6272;padding:.5rem .9rem;flex:1 1 12rem}
        .tile.bad{border-left-color:#d5281b}.tile.warn{border-left-color:#ffb81c}.tile.good{border-left-color:#007f3b}
        .tile .count{display:block;font-size:1.75rem;font-weight:700}
        .chart-wrap{overflow-x:auto}.timeline{width:100%;min-width:40rem;max-width:64rem;height:auto}
        td.date{white-space:nowrap}
        .banner{border-left:8px solid #d5281b;background:#fde8e7;padding:.5rem 1rem}
        .site-findings li{margin-bottom:.35rem}
        .timeline .bar{fill:#005eb8}.timeline .bar-overdue{fill:#d5281b}.timeline .axis{stroke:#4c6272}
        .timeline text{font:12px system-ui,sans-serif;fill:#212b32;text-anchor:middle}.timeline .scale{text-anchor:end}
        .table-wrap{overflow-x:auto}
        table{border-collapse:collapse;width:100%;font-size:.95rem}
        th,td{border:1px solid #d8dde0;padding:.35rem .5rem;text-align:left;vertical-align:top}
        th{background:#f0f4f5}
        th button{font:inherit;font-weight:700;background:none;border:0;padding:.25rem 0;min-height:24px;cursor:pointer;color:#212b32;text-align:left}
        th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
        .path{color:#4c6272;font-size:.85rem}
        td.overdue{background:#fde8e7}td.due-soon{background:#fff4d6}
        .flag{display:inline-block;font-size:.8rem}
        .missing{color:#4c6272}
        .sev-error{color:#b51d13;font-weight:700}.sev-warning{color:#7a4d00;font-weight:700}
        details ul{margin:.25rem 0;padding-left:1.1rem}summary{cursor:pointer;min-height:24px}
        """

    /// Sorts the table by the column whose heading button was pressed, numbers as numbers, and says so in
    /// `aria-sort`.
    static let script = """
        document.querySelectorAll('#page-table th button').forEach(function (button, column) {
          button.addEventListener('click', function () {
            var th = button.parentElement, table = document.getElementById('page-table');
            var ascending = th.getAttribute('aria-sort') !== 'ascending';
            table.querySelectorAll('th').forEach(function (other) { other.removeAttribute('aria-sort'); });
            th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
            var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = a.cells[column].getAttribute('data-sort'), y = b.cells[column].getAttribute('data-sort');
              var nx = parseFloat(x), ny = parseFloat(y);
              var order = (!isNaN(nx) && !isNaN(ny) && String(nx) === x.replace(/\\.0$/, '') ) ? nx - ny : x.localeCompare(y);
              return ascending ? order : -order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
          });
        });
        """
}
