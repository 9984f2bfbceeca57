/// struct rtmsg (12 bytes): the fixed part of every route message.
public struct RouteInfoMessage: Sendable, Equatable {
    public var family: UInt8 = Netlink.familyIPv4
    public var destinationLength: UInt8
    public var sourceLength: UInt8 = 0
    public var tos: UInt8 = 0
    public var table: UInt8 = Netlink.tableMain
    public var routeProtocol: UInt8
    public var scope: UInt8
    public var routeType: UInt8
    public var flags: UInt32 = 0

    public init(destinationLength: UInt8, table: UInt8 = Netlink.tableMain, routeProtocol: UInt8, scope: UInt8, routeType: UInt8) {
        self.destinationLength = destinationLength
        self.table = table
        self.routeProtocol = routeProtocol
        self.scope = scope
        self.routeType = routeType
    }

    public static let size = 12

    public func encoded() -> [UInt8] {
        [family, destinationLength, sourceLength, tos, table, routeProtocol, scope, routeType] + NetlinkBytes.of(flags)
    }
}
