public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Listening TCP sockets on 127.0.0.1 for tests that talk to a real socket.
public enum Loopback {
    /// A socket bound to a free port on 127.0.0.1 and listening (backlog 16): its descriptor and port.
    public static func listen(reuseAddress: Bool = false) throws -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if reuseAddress {
            var yes: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, Glibc.listen(fd, 16) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return (fd, UInt16(bigEndian: addr.sin_port))
    }
}

/// A socket on 127.0.0.1 that takes connections (the kernel's backlog) and never answers: a hanging webhook.
public final class SilentListener: Sendable {
    private let fd: Int32
    public let port: UInt16

    public init() throws { (fd, port) = try Loopback.listen() }

    public var url: URL { URL(string: "http://127.0.0.1:\(port)/hook")! }

    deinit { close(fd) }
}
