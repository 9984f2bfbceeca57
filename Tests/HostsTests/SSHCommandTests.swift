import Testing
@testable import Hosts

@Suite struct SSHCommandTests {
    @Test func batchModeTimeoutControlMasterAndInventoryOptions() {
        let host = InventoryHost(name: "web1", variables: ["ansible_host": "192.0.2.7", "ansible_user": "admin", "ansible_port": "2222",
                                                            "ansible_ssh_private_key_file": "/k/id", "ansible_ssh_common_args": "-o Compression=no"])
        let ssh = SSHCommand(host: host, controlDirectory: "/tmp/cbench-ssh-1")
        #expect(ssh.run(["id", "-u"]) == [
            "ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "ControlMaster=auto", "-o", "ControlPath=/tmp/cbench-ssh-1/%C",
            "-o", "ControlPersist=60", "-p", "2222", "-i", "/k/id", "-o", "User=admin", "-o", "Compression=no", "192.0.2.7", "--", "id -u",
        ])
        #expect(ssh.upload(["/a/cbench"], to: "/tmp/cbench-remote-x").suffix(2) == ["/a/cbench", "192.0.2.7:/tmp/cbench-remote-x/"])
        #expect(ssh.upload([], to: "/d").contains("-P"))
        #expect(ssh.download("/r/results", to: "/l").suffix(2) == ["192.0.2.7:/r/results", "/l"])
        #expect(ssh.closeMaster.suffix(3) == ["-O", "exit", "192.0.2.7"])
    }

    @Test func remoteWordsAreQuotedForTheShell() {
        #expect(SSHCommand.shellQuoted("plain-word_1.2/x=y") == "plain-word_1.2/x=y")
        #expect(SSHCommand.shellQuoted("two words") == "'two words'")
        #expect(SSHCommand.shellQuoted("it's") == "'it'\\''s'")
        #expect(SSHCommand.shellQuoted("") == "''")
        #expect(SSHCommand.shellQuoted(#"{"a":[1]}"#) == #"'{"a":[1]}'"#)
    }
}
