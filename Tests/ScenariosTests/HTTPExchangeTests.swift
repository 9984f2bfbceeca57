import Testing
@testable import Scenarios

/// The small HTTP client's answer parsing: status, headers, plain and chunked bodies.
struct HTTPExchangeTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func plainBodyWithLength() throws {
        let answer = try HTTPExchange.parse(bytes("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello"))
        #expect(answer.status == 200)
        #expect(answer.headers["content-type"] == "text/html")
        #expect(answer.text == "hello")
    }

    @Test func chunkedBodyIsJoined() throws {
        let answer = try HTTPExchange.parse(bytes("HTTP/1.1 502 Bad Gateway\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n"))
        #expect(answer.status == 502)
        #expect(answer.text == "hello, world")
    }

    @Test func cutChunkIsAnError() throws {
        #expect(throws: (any Error).self) { try HTTPExchange.parse(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nff\r\nshort")) }
    }

    @Test func closedWithoutAnswerIsAnError() throws {
        #expect { try HTTPExchange.parse([]) } throws: { "\($0)".contains("without an answer") }
        #expect { try HTTPExchange.parse(bytes("SSH-2.0-x\r\n\r\n")) } throws: { "\($0)".contains("status line") }
    }

    @Test func pageDigestIgnoresWhatChangesPerRequest() {
        let one = #"<html><!-- Saved in parser cache at 20261201 --><script>{"wgRequestId":"abc","wgBackendResponseTime":151}</script>Text</html>"#
        let two = #"<html><!-- Saved in parser cache at 20261202 --><script>{"wgRequestId":"xyz","wgBackendResponseTime":87}</script>Text</html>"#
        let other = two.replacingOccurrences(of: "Text", with: "Other")
        #expect(ApplicationMeasurement.digest(Array(one.utf8)) == ApplicationMeasurement.digest(Array(two.utf8)))
        #expect(ApplicationMeasurement.digest(Array(one.utf8)) != ApplicationMeasurement.digest(Array(other.utf8)))
    }
}
