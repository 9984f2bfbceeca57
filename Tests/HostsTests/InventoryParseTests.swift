import Testing
@testable import Hosts
import NamespaceCore

@Suite struct InventoryParseTests {
    @Test func hostsGroupsAndVariables() throws {
        let text = """
            # the fleet
            solo ansible_host=192.0.2.9
            [web]
            web[01:03] ansible_user=admin
            db1.example.com ansible_port=2222 ansible_ssh_common_args="-o ProxyJump=bastion -o Compression=no"

            [web:vars]
            ansible_user=deploy
            ansible_become=yes

            [all:vars]
            ansible_ssh_private_key_file=/root/.ssh/fleet

            [prod:children]
            web
            """
        let inventory = try Inventory.parse(text, file: "fleet.ini")
        #expect(inventory.hosts.map(\.name) == ["solo", "web01", "web02", "web03", "db1.example.com"])
        #expect(inventory.hosts(matching: "prod").map(\.name) == ["web01", "web02", "web03", "db1.example.com"])
        #expect(inventory.hosts(matching: "solo").map(\.address) == ["192.0.2.9"])
        let web01 = try #require(inventory.hosts.first { $0.name == "web01" })
        #expect(web01.user == "admin")  // the host line wins over [web:vars]
        #expect(web01.become)
        #expect(web01.identityFile == "/root/.ssh/fleet")
        let db = try #require(inventory.hosts.last)
        #expect(db.user == "deploy")
        #expect(db.port == 2222)
        #expect(db.extraSSHArguments == ["-o", "ProxyJump=bastion", "-o", "Compression=no"])
        #expect(try #require(inventory.hosts.first).user == nil)
    }

    @Test(arguments: [
        ("[web\nweb1\n", "bad.ini:1", "no closing ]"),
        ("[web]\nweb1 port\n", "bad.ini:2", "expected key=value, got 'port'"),
        ("[web:vars]\nansible_user\n", "bad.ini:2", "expected key=value"),
        ("[web:hosts]\n", "bad.ini:1", "unknown section kind ':hosts'"),
        ("\n\n[web]\nweb[3:1]\n", "bad.ini:4", "host pattern 'web[3:1]'"),
        ("[web]\nweb1 ansible_host=\"10.0.0.1\n", "bad.ini:2", "unterminated \" quote"),
        ("[all:children]\nweb two\n", "bad.ini:2", "expected a group name"),
    ])
    func badInputNamesFileAndLine(text: String, location: String, message: String) {
        #expect {
            _ = try Inventory.parse(text, file: "bad.ini")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(location + ":") && text.contains(message)
        }
    }

    @Test func unknownChildGroupAndCycles() {
        #expect(throws: CoreError.self) { _ = try Inventory.parse("[a:children]\nb\n", file: "x.ini") }
        #expect(throws: CoreError.self) { _ = try Inventory.parse("[a:children]\nb\n[b:children]\na\n", file: "x.ini") }
    }

    @Test func missingFileIsOneLine() {
        #expect {
            _ = try Inventory.parse(file: "/nonexistent/cbench-inventory.ini")
        } throws: { "\($0)".contains("inventory /nonexistent/cbench-inventory.ini: ENOENT") }
    }
}
