/// Finds where a text stops being JSON. FoundationEssentials' decoder only says "not valid JSON"
/// without a position, and a config.json author needs the line.
struct JSONSyntaxLocator {
    struct Problem: Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    private let bytes: [UInt8]
    private var offset = 0
    private var depth = 0

    static func firstProblem(in bytes: [UInt8]) -> Problem? {
        var locator = JSONSyntaxLocator(bytes: bytes)
        do throws(Failure) {
            locator.skipWhitespace()
            try locator.value()
            locator.skipWhitespace()
            if locator.offset < bytes.count { throw locator.failure("unexpected text after the top-level value") }
            return nil
        } catch {
            return error.problem
        }
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private struct Failure: Error {
        var problem: Problem
    }

    private func failure(_ message: String) -> Failure {
        var line = 1
        var column = 1
        for byte in bytes[0..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return Failure(problem: Problem(line: line, column: column, message: message))
    }

    private var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private func describeCurrent() -> String {
        guard let byte = current else { return "end of file" }
        if byte >= 0x21 && byte < 0x7f { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { offset += 1 }
    }

    private mutating func value() throws(Failure) {
        guard let byte = current else { throw failure("unexpected end of file, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): try object()
        case UInt8(ascii: "["): try array()
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw failure("expected a value, found \(describeCurrent())")
        }
    }

    private mutating func nest() throws(Failure) {
        depth += 1
        if depth > 512 { throw failure("nesting deeper than 512 levels") }
    }

    private mutating func object() throws(Failure) {
        try nest()
        offset += 1
        skipWhitespace()
        if current == UInt8(ascii: "}") { offset += 1; depth -= 1; return }
        while true {
            guard current == UInt8(ascii: "\"") else { throw failure("expected a quoted key, found \(describeCurrent())") }
            try string()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw failure("expected ':' after the key, found \(describeCurrent())") }
            offset += 1
            skipWhitespace()
            try value()
            if try closesAfterMember("}") { return }
        }
    }

    private mutating func array() throws(Failure) {
        try nest()
        offset += 1
        skipWhitespace()
        if current == UInt8(ascii: "]") { offset += 1; depth -= 1; return }
        while true {
            try value()
            if try closesAfterMember("]") { return }
        }
    }

    /// After an object member or array element: a comma (false: another follows) or the
    /// closing bracket (true: the container ends here).
    private mutating func closesAfterMember(_ close: Unicode.Scalar) throws(Failure) -> Bool {
        skipWhitespace()
        if current == UInt8(ascii: ",") {
            offset += 1
            skipWhitespace()
            return false
        }
        guard current == UInt8(ascii: close) else { throw failure("expected ',' or '\(close)', found \(describeCurrent())") }
        offset += 1
        depth -= 1
        return true
    }

    private mutating func string() throws(Failure) {
        offset += 1
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                return
            case UInt8(ascii: "\\"):
                offset += 1
                guard let escaped = current else { break }
                if escaped == UInt8(ascii: "u") {
                    for _ in 0..<4 {
                        offset += 1
                        guard let hex = current, hex.isHexDigit else { throw failure("expected four hex digits after \\u") }
                    }
                } else if !"\"\\/bfnrt".utf8.contains(escaped) {
                    throw failure("unknown escape \\\(Character(Unicode.Scalar(escaped)))")
                }
                offset += 1
            case 0..<0x20:
                throw failure("control character inside a string (a newline needs \\n)")
            default:
                offset += 1
            }
        }
        throw failure("unterminated string")
    }

    private mutating func literal(_ word: String) throws(Failure) {
        for expected in word.utf8 {
            guard current == expected else { throw failure("expected '\(word)', found \(describeCurrent())") }
            offset += 1
        }
    }

    private mutating func number() throws(Failure) {
        if current == UInt8(ascii: "-") { offset += 1 }
        guard let first = current, first.isDigit else { throw failure("expected a digit, found \(describeCurrent())") }
        offset += 1
        if first != UInt8(ascii: "0") { while let digit = current, digit.isDigit { offset += 1 } }
        if current == UInt8(ascii: ".") {
            offset += 1
            guard let digit = current, digit.isDigit else { throw failure("expected a digit after '.'") }
            while let digit = current, digit.isDigit { offset += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            offset += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { offset += 1 }
            guard let digit = current, digit.isDigit else { throw failure("expected a digit in the exponent") }
            while let digit = current, digit.isDigit { offset += 1 }
        }
    }
}

private extension UInt8 {
    var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    var isHexDigit: Bool {
        isDigit || (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "f")) || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "F"))
    }
}
