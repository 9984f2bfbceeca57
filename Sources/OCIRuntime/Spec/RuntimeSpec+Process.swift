extension RuntimeSpec {
    /// `process`: what runs in the container and with which identity and limits.
    public struct Process: Codable, Sendable, Equatable {
        /// A pty as stdio and controlling terminal: its master goes to `--console-socket`.
        public var terminal: Bool?
        public var user: User
        /// Empty when absent (validation reports it).
        public var args: [String]
        public var env: [String]?
        /// Required and absolute. Empty when absent (validation reports it).
        public var cwd: String
        public var capabilities: Capabilities?
        public var rlimits: [Rlimit]?
        public var noNewPrivileges: Bool?
        public var oomScoreAdj: Int?
        public var apparmorProfile: String?
        public var selinuxLabel: String?

        public init(terminal: Bool? = false, user: User = User(), args: [String], env: [String]? = nil,
                    cwd: String = "/", capabilities: Capabilities? = nil, rlimits: [Rlimit]? = nil,
                    noNewPrivileges: Bool? = nil, oomScoreAdj: Int? = nil) {
            self.terminal = terminal
            self.user = user
            self.args = args
            self.env = env
            self.cwd = cwd
            self.capabilities = capabilities
            self.rlimits = rlimits
            self.noNewPrivileges = noNewPrivileges
            self.oomScoreAdj = oomScoreAdj
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            terminal = try container.decodeIfPresent(Bool.self, forKey: .terminal)
            user = try container.decode(User.self, forKey: .user)
            args = try container.decodeIfPresent([String].self, forKey: .args) ?? []
            env = try container.decodeIfPresent([String].self, forKey: .env)
            cwd = try container.decodeIfPresent(String.self, forKey: .cwd) ?? ""
            capabilities = try container.decodeIfPresent(Capabilities.self, forKey: .capabilities)
            rlimits = try container.decodeIfPresent([Rlimit].self, forKey: .rlimits)
            noNewPrivileges = try container.decodeIfPresent(Bool.self, forKey: .noNewPrivileges)
            oomScoreAdj = try container.decodeIfPresent(Int.self, forKey: .oomScoreAdj)
            apparmorProfile = try container.decodeIfPresent(String.self, forKey: .apparmorProfile)
            selinuxLabel = try container.decodeIfPresent(String.self, forKey: .selinuxLabel)
        }
    }

    /// `process.user`; uid and gid are required.
    public struct User: Codable, Sendable, Equatable {
        public var uid: UInt32
        public var gid: UInt32
        public var umask: UInt32?
        public var additionalGids: [UInt32]?
        public var username: String?

        public init(uid: UInt32 = 0, gid: UInt32 = 0, umask: UInt32? = nil, additionalGids: [UInt32]? = nil) {
            self.uid = uid
            self.gid = gid
            self.umask = umask
            self.additionalGids = additionalGids
        }
    }

    /// `process.capabilities`: the five sets, by name (`CAP_KILL`).
    public struct Capabilities: Codable, Sendable, Equatable {
        public var bounding: [String]?
        public var effective: [String]?
        public var inheritable: [String]?
        public var permitted: [String]?
        public var ambient: [String]?

        public init(bounding: [String]? = nil, effective: [String]? = nil, inheritable: [String]? = nil,
                    permitted: [String]? = nil, ambient: [String]? = nil) {
            self.bounding = bounding
            self.effective = effective
            self.inheritable = inheritable
            self.permitted = permitted
            self.ambient = ambient
        }

        /// The sets in a fixed order, with the JSON key each one has.
        var namedSets: [(name: String, values: [String]?)] {
            [("bounding", bounding), ("effective", effective), ("inheritable", inheritable),
             ("permitted", permitted), ("ambient", ambient)]
        }
    }

    /// `process.rlimits[]`: `RLIMIT_NOFILE` and friends.
    public struct Rlimit: Codable, Sendable, Equatable {
        public var type: String
        public var hard: UInt64
        public var soft: UInt64

        public init(type: String, hard: UInt64, soft: UInt64) {
            self.type = type
            self.hard = hard
            self.soft = soft
        }
    }
}
