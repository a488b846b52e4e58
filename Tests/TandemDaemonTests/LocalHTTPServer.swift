import Foundation
import TandemTesting
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 that answers with the given statuses in turn and records requests.
final class LocalHTTPServer: @unchecked Sendable {
    struct Request { var head: String; var body: String }
    private let fd: Int32
    let port: UInt16
    private let lock = NSLock()
    private var statuses: [Int]
    private(set) var requests: [Request] = []

    init(statuses: [Int]) throws {
        self.statuses = statuses
        (fd, port) = try Loopback.listen(reuseAddress: true)
        Thread.detachNewThread { [self] in serve() }
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/hook")! }

    func received() -> [Request] { lock.withLock { requests } }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 { return }
            var data = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 65_536)
            var headEnd: Int?
            var contentLength = 0
            while true {
                let n = read(client, &buffer, buffer.count)
                if n <= 0 { break }
                data += buffer[0..<n]
                if headEnd == nil, let r = data.indices.dropLast(3).first(where: { data[$0] == 13 && data[$0 + 1] == 10 && data[$0 + 2] == 13 && data[$0 + 3] == 10 }) {
                    headEnd = r + 4
                    let head = String(decoding: data[0..<r], as: UTF8.self)
                    for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                        contentLength = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                    }
                }
                if let h = headEnd, data.count >= h + contentLength { break }
            }
            let h = headEnd ?? data.count
            let status = lock.withLock { () -> Int in
                requests.append(Request(head: String(decoding: data[0..<h], as: UTF8.self),
                                        body: String(decoding: data[h...], as: UTF8.self)))
                return statuses.count > 1 ? statuses.removeFirst() : (statuses.first ?? 200)
            }
            let reply = "HTTP/1.1 \(status) X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
            _ = reply.withCString { write(client, $0, strlen($0)) }
            close(client)
        }
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}
