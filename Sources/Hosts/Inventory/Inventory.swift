/// An Ansible-style INI inventory: hosts with their variables and the groups they are in.
/// `cbench run --hosts FILE` reads one; the lab writes one for its hosts.
public struct Inventory: Sendable, Equatable {
    /// In the order they first appear in the file.
    public var hosts: [InventoryHost]
    /// Group name -> its host names (children's hosts included), in file order.
    public var groups: [String: [String]]

    public init(hosts: [InventoryHost] = [], groups: [String: [String]] = [:]) {
        self.hosts = hosts
        self.groups = groups
    }

    /// The hosts of `pattern`: `all` (or nil), a group name, or one host's name.
    public func hosts(matching pattern: String?) -> [InventoryHost] {
        guard let pattern, pattern != "all" else { return hosts }
        if let members = groups[pattern] {
            return hosts.filter { members.contains($0.name) }
        }
        return hosts.filter { $0.name == pattern }
    }
}

/// One host of an inventory and the variables that apply to it (host variables over group
/// variables over `all:vars`). Only the connection variables are interpreted.
public struct InventoryHost: Sendable, Equatable {
    public var name: String
    public var variables: [String: String]

    public init(name: String, variables: [String: String] = [:]) {
        self.name = name
        self.variables = variables
    }

    /// `ansible_host`, else the name.
    public var address: String { variables["ansible_host"] ?? name }
    /// `ansible_user`; nil leaves it to the user's ssh config.
    public var user: String? { variables["ansible_user"] }
    public var port: Int? { variables["ansible_port"].flatMap { Int($0) } }
    /// `ansible_ssh_private_key_file`.
    public var identityFile: String? { variables["ansible_ssh_private_key_file"] }
    /// `ansible_ssh_common_args`, split at white space (no quoting inside, as in most inventories).
    public var extraSSHArguments: [String] {
        (variables["ansible_ssh_common_args"] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }
    /// `ansible_become`: commands run through `sudo -n` when the login user is not root.
    public var become: Bool {
        ["true", "yes", "1"].contains((variables["ansible_become"] ?? "").lowercased())
    }
}
