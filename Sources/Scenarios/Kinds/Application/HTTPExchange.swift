import Foundation
import Glibc
import NamespaceCore

/// One HTTP/1.1 request to 127.0.0.1:PORT and its answer, over a connection of its own
/// (`Connection: close`): what the time to first page polls and the persistence check
/// writes and reads with. The answer's body is decoded from chunks when the server sends it so.
struct HTTPExchange {
    struct Response: Sendable, Equatable {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    var port: UInt16
    /// For connecting, sending and each read.
    var timeout: Double = 10

    /// GET `path`, or POST `body` (form-encoded) when one is given.
    func send(_ path: String, body: String? = nil) throws -> Response {
        var request = "\(body == nil ? "GET" : "POST") \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        request += "User-Agent: cbench\r\nAccept: */*\r\nConnection: close\r\n"
        if let body {
            request += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else {
            request += "\r\n"
        }
        let fd = try connect()
        defer { close(fd) }
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw CoreError.fromErrno("send to 127.0.0.1:\(port)") }
            sent += count
        }
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw CoreError.fromErrno("read from 127.0.0.1:\(port)") }
            if count == 0 { break }
            answer += chunk[0..<count]
        }
        return try Self.parse(answer)
    }

    private func connect() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw CoreError.fromErrno("socket") }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1e6))
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            _ = setsockopt(fd, SOL_SOCKET, option, &limit, socklen_t(MemoryLayout<timeval>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let error = CoreError.fromErrno("connect to 127.0.0.1:\(port)")
            close(fd)
            throw error
        }
        return fd
    }

    /// Status line, headers (names in lower case) and body of a whole answer.
    static func parse(_ answer: [UInt8]) throws -> Response {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = answer.firstRange(of: separator) else {
            throw CoreError(stage: "HTTP answer", errno: EPROTO, detail: answer.isEmpty ? "the connection closed without an answer" : "no end of the header")
        }
        let head = String(decoding: answer[..<end.lowerBound], as: UTF8.self).split(separator: "\r\n").map(String.init)
        let statusWords = head.first?.split(separator: " ") ?? []
        guard statusWords.count >= 2, statusWords[0].hasPrefix("HTTP/1."), let status = Int(statusWords[1]) else {
            throw CoreError(stage: "HTTP answer", errno: EPROTO, detail: "not a status line: \(head.first ?? "")")
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        var body = Array(answer[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            body = try dechunk(body)
        } else if let length = headers["content-length"].flatMap(Int.init), length < body.count {
            body = Array(body.prefix(length))
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// The body of a chunked transfer: size lines in hex, each chunk, a last one of size 0.
    static func dechunk(_ data: [UInt8]) throws -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        let newline: [UInt8] = [13, 10]
        while index < data.count {
            guard let lineEnd = data[index...].firstRange(of: newline) else { break }
            let sizeText = String(decoding: data[index..<lineEnd.lowerBound], as: UTF8.self).prefix { $0 != ";" }
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw CoreError(stage: "HTTP chunked body", errno: EPROTO, detail: "bad chunk size '\(sizeText)'")
            }
            if size == 0 { return output }
            let start = lineEnd.upperBound
            guard start + size <= data.count else {
                throw CoreError(stage: "HTTP chunked body", errno: EPROTO, detail: "a chunk of \(size) bytes is cut short")
            }
            output += data[start..<(start + size)]
            index = start + size + 2
        }
        return output
    }
}
