import Testing
import NamespaceCore
import OCIImages
@testable import AppContainers

@Suite struct AppProcessTests {
    let image = ImageConfiguration.ExecutionParameters(
        user: "nobody", env: ["PATH=/opt/bin:/bin", "MODE=image"], entrypoint: ["/entry"], cmd: ["serve", "--port", "80"],
        workingDir: "/srv", stopSignal: "SIGQUIT")

    @Test func imageEntrypointAndCmdRunWhenNothingIsGiven() throws {
        let process = try AppProcess(config: AppContainerConfig(image: "web"), image: image, hostname: "h")
        #expect(process.args == ["/entry", "serve", "--port", "80"])
        #expect(process.workingDirectory == "/srv")
        #expect(process.user == "nobody")
        #expect(process.stopSignal == 3)
    }

    @Test func argumentsReplaceCmdOnly() throws {
        let process = try AppProcess(config: AppContainerConfig(image: "web", command: ["debug"]), image: image, hostname: "h")
        #expect(process.args == ["/entry", "debug"])
    }

    @Test func entrypointReplacesEntrypointAndDropsImageCmd() throws {
        let replaced = try AppProcess(config: AppContainerConfig(image: "web", entrypoint: ["/bin/sh"]), image: image, hostname: "h")
        #expect(replaced.args == ["/bin/sh"])
        let withArgs = try AppProcess(config: AppContainerConfig(image: "web", command: ["-c", "true"], entrypoint: ["/bin/sh"]),
                                      image: image, hostname: "h")
        #expect(withArgs.args == ["/bin/sh", "-c", "true"])
        let cleared = try AppProcess(config: AppContainerConfig(image: "web", command: ["ls"], entrypoint: []), image: image, hostname: "h")
        #expect(cleared.args == ["ls"])
    }

    @Test func noCommandAnywhereIsAnError() {
        #expect(throws: CoreError.self) {
            try AppProcess(config: AppContainerConfig(image: "empty"), image: nil, hostname: "h")
        }
    }

    @Test func cliEnvironmentComesAfterTheImagesAndWins() throws {
        let config = AppContainerConfig(image: "web", environment: ["MODE=cli", "EXTRA=1"])
        let process = try AppProcess(config: config, image: image, hostname: "box")
        #expect(process.environment == ["PATH=/opt/bin:/bin", "HOSTNAME=box", "MODE=cli", "EXTRA=1"])
    }

    @Test func defaultsWithoutImageConfig() throws {
        let process = try AppProcess(config: AppContainerConfig(image: "x", command: ["true"]), image: nil, hostname: "h")
        #expect(process.environment == [AppProcess.defaultPath, "HOSTNAME=h"])
        #expect(process.workingDirectory == "/")
        #expect(process.user == "")
        #expect(process.stopSignal == 15)
    }

    @Test func relativeWorkdirIsRefused() {
        #expect(throws: CoreError.self) {
            try AppProcess(config: AppContainerConfig(image: "x", command: ["true"], workingDirectory: "srv"), image: nil, hostname: "h")
        }
    }

    @Test(arguments: [("SIGTERM", 15), ("TERM", 15), ("9", 9), ("SIGRTMIN+3", 37), ("sigusr1", 10)])
    func stopSignalParsing(text: String, number: Int32) throws {
        #expect(try AppProcess.stopSignal(text) == number)
    }

    @Test func unknownStopSignalIsAnError() {
        #expect(throws: CoreError.self) { try AppProcess.stopSignal("SIGNOPE") }
        #expect(try! AppProcess.stopSignal(nil) == 15)
    }
}
