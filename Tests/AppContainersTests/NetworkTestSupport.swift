#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NamespaceCore
import NamespaceCoreTesting
@testable import AppContainers

/// A temporary directory for one test (/tmp/apptest-network-XXXXXX), removed by `remove()`.
struct NetworkTestDirectory {
    let path: String

    init(_ name: String) throws {
        var template = Array("/tmp/apptest-\(name)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return nil }
            return String(cString: result)
        }
        guard let made else { throw CoreError.fromErrno("mkdtemp") }
        path = made
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    func store(occupied: [String] = []) -> AppNetworkStore {
        AppNetworkStore(root: path + "/networks", hostPrefixes: FixedHostPrefixes(occupied.compactMap(IPv4Prefix.init)))
    }
}

/// A recording socket that knows which links exist (by name, index = position + 1): RTM_GETLINK
/// answers for them, RTM_NEWLINK with NLM_F_CREATE adds one (and, for a veth, not its peer:
/// that is born in the other namespace), RTM_DELLINK removes one; `failing` gets EPERM.
final class FakeNetlinkLinks {
    var names: [String?]
    var kinds: [String: String] = [:]
    var created: [String] = []
    var deleted: [String] = []
    var requests: [UInt16] = []
    var failing: UInt16?
    lazy var socket = RecordingNetlinkSocket { [unowned self] request in self.answer(request) }
    var netlink: RouteNetlink { RouteNetlink(socket: socket) }

    init(existing: [String] = [], failing: UInt16? = nil) {
        names = existing
        self.failing = failing
    }

    var present: [String] { names.compactMap { $0 } }

    func answer(_ request: NetlinkMessage) -> [NetlinkMessage] {
        requests.append(request.type)
        if request.type == failing { return [NetlinkMessage.errorReply(to: request, errno: EPERM)] }
        let isLink = [Netlink.getLink, Netlink.newLink, Netlink.deleteLink].contains(request.type)
            && request.payload.count >= InterfaceInfoMessage.size
        let attributes = isLink ? NetlinkAttribute.decode(request.payload[InterfaceInfoMessage.size...]) : []
        let name = attributes.first(Netlink.linkName)?.stringValue
        switch request.type {
        case Netlink.getLink:
            if let name, let position = names.firstIndex(of: name) {
                return [link(position).message(), NetlinkMessage.errorReply(to: request)]
            }
            if name == nil, let index = InterfaceInfoMessage.decode(request.payload)?.index, index > 0,
               Int(index) <= names.count, names[Int(index) - 1] != nil {
                return [link(Int(index) - 1).message(), NetlinkMessage.errorReply(to: request)]
            }
            return [NetlinkMessage.errorReply(to: request, errno: ENODEV)]
        case Netlink.newLink where request.flags & Netlink.create != 0:
            if let name {
                if names.contains(name) { return [NetlinkMessage.errorReply(to: request, errno: EEXIST)] }
                names.append(name)
                created.append(name)
                kinds[name] = attributes.first(Netlink.linkInfo)?.nestedAttributes.first(Netlink.linkInfoKind)?.stringValue
            }
        case Netlink.deleteLink:
            guard let name, let position = names.firstIndex(of: name) else {
                return [NetlinkMessage.errorReply(to: request, errno: ENODEV)]
            }
            names[position] = nil
            deleted.append(name)
        default: break
        }
        return [NetlinkMessage.errorReply(to: request)]
    }

    func link(_ position: Int) -> NetlinkLink {
        let name = names[position] ?? ""
        return NetlinkLink(index: Int32(position + 1), name: name, kind: kinds[name] ?? "veth")
    }
}
