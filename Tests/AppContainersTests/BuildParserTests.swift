import Testing
import NamespaceCore
@testable import AppContainers

@Suite struct BuildParserTests {
    func parse(_ text: String) throws -> Containerfile {
        try ContainerfileParser().parse(text, path: "Containerfile")
    }

    func kinds(_ text: String) throws -> [BuildInstruction] {
        try parse(text).instructions.map(\.kind)
    }

    func failure(_ text: String) -> CoreError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error as? CoreError
        }
    }

    @Test func everyInstructionAndForm() throws {
        let text = """
            ARG BASE=busybox
            FROM $BASE AS first
            RUN echo hi > /greeting
            RUN ["/bin/sh", "-c", "echo exec"]
            COPY a.txt b.txt /dest/
            COPY --chown=10:20 --chmod=0640 ["with space.txt", "/x"]
            ADD files.tar /opt
            ENV A 1 2 3
            ENV B=2 C="three four"
            LABEL version="1.0" maintainer=me
            WORKDIR /app
            USER nobody:nogroup
            EXPOSE 80 53/udp
            STOPSIGNAL SIGINT
            VOLUME /data ["ignored-as-words"]
            VOLUME ["/cache", "/logs"]
            ENTRYPOINT ["/bin/echo"]
            CMD echo done
            cmd ["lower", "case"]
            """
        let parsed = try kinds(text)
        #expect(parsed == [
            .arg(name: "BASE", defaultValue: "busybox"),
            .from(image: "$BASE", stage: "first"),
            .run(.shell("echo hi > /greeting")),
            .run(.exec(["/bin/sh", "-c", "echo exec"])),
            .copy(CopyInstruction(sources: ["a.txt", "b.txt"], destination: "/dest/")),
            .copy(CopyInstruction(sources: ["with space.txt"], destination: "/x", chown: "10:20", chmod: "0640")),
            .copy(CopyInstruction(sources: ["files.tar"], destination: "/opt", extractsArchives: true)),
            .env([KeyValueWord(key: "A", value: "1 2 3")]),
            .env([KeyValueWord(key: "B", value: "2"), KeyValueWord(key: "C", value: "\"three four\"")]),
            .label([KeyValueWord(key: "version", value: "\"1.0\""), KeyValueWord(key: "maintainer", value: "me")]),
            .workdir("/app"),
            .user("nobody:nogroup"),
            .expose(["80", "53/udp"]),
            .stopSignal("SIGINT"),
            .volume(["/data", "[\"ignored-as-words\"]"]),
            .volume(["/cache", "/logs"]),
            .entrypoint(.exec(["/bin/echo"])),
            .cmd(.shell("echo done")),
            .cmd(.exec(["lower", "case"])),
        ])
        #expect(CommandForm.shell("echo done").arguments == ["/bin/sh", "-c", "echo done"])
    }

    @Test func continuationLinesAndComments() throws {
        let text = """
            # a comment
            FROM busybox

            RUN echo one \\
                two \\
            # a comment inside the continuation is dropped
                three
            ENV X=1 \\
                Y=2
            """
        let file = try parse(text)
        #expect(file.instructions.map(\.location.line) == [2, 4, 8])
        #expect(file.instructions[1].kind == .run(.shell("echo one     two     three")))
        #expect(file.instructions[2].kind == .env([KeyValueWord(key: "X", value: "1"), KeyValueWord(key: "Y", value: "2")]))
    }

    @Test func escapeDirective() throws {
        let text = """
            # escape=`
            FROM busybox
            RUN dir c:\\ `
                && echo ok
            """
        let file = try parse(text)
        #expect(file.instructions[1].kind == .run(.shell("dir c:\\     && echo ok")))
    }

    @Test func nonArrayJSONIsShellForm() throws {
        #expect(try kinds("FROM a\nCMD [not json]")[1] == .cmd(.shell("[not json]")))
    }

    @Test func badLinesNameFileLineAndInstruction() {
        #expect(failure("FROM a\n\nFROBNICATE x")?.stage == "Containerfile:3 FROBNICATE")
        #expect(failure("FROM a\nCOPY onlyone")?.stage == "Containerfile:2 COPY")
        #expect(failure("FROM a\nENV JUSTKEY")?.stage == "Containerfile:2 ENV")
        #expect(failure("FROM a\nENV A=1 B")?.stage == "Containerfile:2 ENV")
        #expect(failure("FROM a\nRUN")?.stage == "Containerfile:2 RUN")
        #expect(failure("FROM a\nADD --from=x a b")?.stage == "Containerfile:2 ADD")
        #expect(failure("FROM a\nCOPY --chmod=rwx a b")?.stage == "Containerfile:2 COPY")
        #expect(failure("FROM a\nLABEL a=\"open")?.stage == "Containerfile:2 LABEL")
        #expect(failure("FROM a b c d")?.stage == "Containerfile:1 FROM")
        #expect(failure("RUN true\nFROM a")?.stage == "Containerfile:1 RUN")
        #expect(failure("# nothing\n")?.detail?.contains("no FROM") == true)
        #expect(failure("FROM a\nFROBNICATE x")?.description.hasPrefix("Containerfile:2 FROBNICATE: unknown instruction") == true)
    }
}

@Suite struct BuildSubstitutionTests {
    let words = ShellWords()
    let variables = ["NAME": "world", "EMPTY": "", "DIR": "/srv/app"]

    func expand(_ text: String) throws -> String {
        try words.expand(text, variables: variables)
    }

    @Test func substitutesTheDockerForms() throws {
        #expect(try expand("hello $NAME") == "hello world")
        #expect(try expand("${DIR}/bin") == "/srv/app/bin")
        #expect(try expand("${MISSING:-fallback}") == "fallback")
        #expect(try expand("${EMPTY:-fallback}") == "fallback")
        #expect(try expand("${EMPTY-fallback}") == "")
        #expect(try expand("${NAME:-fallback}") == "world")
        #expect(try expand("${NAME:+set}") == "set")
        #expect(try expand("${MISSING:+set}") == "")
        #expect(try expand("${MISSING:-$NAME}") == "world")
        #expect(try expand("$MISSING.txt") == ".txt")
        #expect(try expand("cost $5") == "cost $5")
    }

    @Test func quotesAndEscapes() throws {
        #expect(try expand("'$NAME'") == "$NAME")
        #expect(try expand("\"$NAME and more\"") == "world and more")
        #expect(try expand("\\$NAME") == "$NAME")
        #expect(try expand("\"a \\\"quoted\\\" b\"") == "a \"quoted\" b")
        #expect(try words.split("A=1 B=\"two words\" C='x y'") == ["A=1", "B=\"two words\"", "C='x y'"])
    }

    @Test func badSubstitutionIsAnError() {
        #expect(throws: CoreErrorDetail.self) { try expand("${NAME") }
        #expect(throws: CoreErrorDetail.self) { try expand("${NAME/x/y}") }
        #expect(throws: CoreErrorDetail.self) { try expand("\"open") }
    }

    @Test func configurationChangesApplyAsDocker() {
        var configuration = ImageConfigurationFixture.parameters(env: ["PATH=/bin", "A=1"], cmd: ["sh"], workingDir: "/srv")
        ConfigurationChange.environment([("A", "2"), ("B", "3")]).apply(to: &configuration)
        #expect(configuration.env == ["PATH=/bin", "A=2", "B=3"])
        ConfigurationChange.workingDirectory("app/../web").apply(to: &configuration)
        #expect(configuration.workingDir == "/srv/web")
        ConfigurationChange.entrypoint(["/bin/echo"]).apply(to: &configuration)
        #expect(configuration.cmd == nil)
        ConfigurationChange.exposedPorts(["80", "53/udp"]).apply(to: &configuration)
        #expect(configuration.exposedPorts?.keys.sorted() == ["53/udp", "80/tcp"])
    }
}
