/// The outline of a body area, as SVG path data from `salve.yaml` (`shape: "M 60 40 L 120 40 … Z"`), read
/// far enough to check it and to find where its number goes.
public struct SVGPath: Sendable, Hashable {
    /// The path data as written; it goes into the page's `<path d="…">` as is (escaped).
    public var data: String
    /// The box around every point of the path, curve control points included.
    public var bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double)

    public static func == (a: SVGPath, b: SVGPath) -> Bool { a.data == b.data }
    public func hash(into hasher: inout Hasher) { hasher.combine(data) }

    /// The middle of `bounds`: where the picture puts the area's number.
    public var centre: (x: Double, y: Double) {
        ((bounds.minX + bounds.maxX) / 2, (bounds.minY + bounds.maxY) / 2)
    }

    /// The number of values each command takes. Arcs (`A`) are left out: their box is not their points'.
    private static let arity: [Character: Int] = ["M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "Z": 0]

    /// Reads path data; the error says what is wrong, in words for a person.
    public static func parse(_ data: String) -> Result<SVGPath, PathError> {
        var tokens: [Substring] = []
        var index = data.startIndex
        while index < data.endIndex {
            let character = data[index]
            if character.isWhitespace || character == "," {
                index = data.index(after: index)
            } else if character.isLetter {
                guard arity[Character(character.uppercased())] != nil else { return .failure(.unknownCommand(character)) }
                tokens.append(data[index...index])
                index = data.index(after: index)
            } else {
                // A number: sign, digits, one decimal point, optional exponent.
                var end = data.index(after: index)
                var seenPoint = character == "."
                while end < data.endIndex {
                    let next = data[end]
                    if next.isNumber || (next == "." && !seenPoint) {
                        seenPoint = seenPoint || next == "."
                    } else if next == "e" || next == "E" {
                        end = data.index(after: end)
                        if end < data.endIndex, data[end] == "-" || data[end] == "+" { end = data.index(after: end) }
                        continue
                    } else {
                        break
                    }
                    end = data.index(after: end)
                }
                let token = data[index..<end]
                guard Double(token) != nil else { return .failure(.badNumber(String(token))) }
                tokens.append(token)
                index = end
            }
        }
        guard let first = tokens.first, first == "M" || first == "m" else { return .failure(.mustStartWithMove) }

        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        func include(_ x: Double, _ y: Double) {
            minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
        }
        var x = 0.0, y = 0.0, startX = 0.0, startY = 0.0
        var position = 0
        var command: Character = "M"
        while position < tokens.count {
            if let letter = tokens[position].first, letter.isLetter {
                command = letter
                position += 1
                if command == "Z" || command == "z" {
                    x = startX; y = startY
                    continue
                }
            }
            let upper = Character(command.uppercased())
            let count = arity[upper]!
            guard count > 0, position + count <= tokens.count,
                  tokens[position..<position + count].allSatisfy({ $0.first?.isLetter == false }) else {
                return .failure(.missingNumbers(command))
            }
            let values = tokens[position..<position + count].map { Double($0)! }
            position += count
            let relative = command.isLowercase
            let (baseX, baseY) = relative ? (x, y) : (0, 0)
            switch upper {
            case "H": x = values[0] + (relative ? x : 0)
            case "V": y = values[0] + (relative ? y : 0)
            default:
                for pair in stride(from: 0, to: count, by: 2) { include(values[pair] + baseX, values[pair + 1] + baseY) }
                x = values[count - 2] + baseX
                y = values[count - 1] + baseY
            }
            include(x, y)
            if upper == "M" {
                startX = x; startY = y
                command = relative ? "l" : "L"  // numbers after a move are lines
            }
        }
        return .success(SVGPath(data: data, bounds: (minX, minY, maxX, maxY)))
    }

    public enum PathError: Error, Equatable, CustomStringConvertible {
        case unknownCommand(Character)
        case badNumber(String)
        case mustStartWithMove
        case missingNumbers(Character)

        public var description: String {
            switch self {
            case .unknownCommand(let letter) where letter == "A" || letter == "a":
                "arcs ('\(letter)') are not supported in shapes; draw the curve with 'C' or 'Q'"
            case .unknownCommand(let letter): "'\(letter)' is not an SVG path command; use M, L, H, V, C, S, Q, T and Z"
            case .badNumber(let text): "'\(text)' is not a number"
            case .mustStartWithMove: "path data must start with a move, like 'M 10 20'"
            case .missingNumbers(let letter): "the command '\(letter)' is missing some of its numbers"
            }
        }
    }
}
