/// A parsed Containerfile (Dockerfile syntax): its instructions in order, each with the line
/// it started on, so every later error can name `FILE:LINE INSTRUCTION`.
public struct Containerfile: Sendable, Equatable {
    public var path: String
    public var instructions: [ContainerfileInstruction]

    public init(path: String, instructions: [ContainerfileInstruction]) {
        self.path = path
        self.instructions = instructions
    }
}

/// One instruction as written: where it is, its keyword, its text and what it asks for.
/// Variables are not substituted yet: that needs the build's environment at that step.
public struct ContainerfileInstruction: Sendable, Equatable {
    public var location: SourceLocation
    /// The whole instruction on one line (continuations joined), as `STEP n/N:` prints it.
    public var text: String
    public var kind: BuildInstruction

    public init(location: SourceLocation, text: String, kind: BuildInstruction) {
        self.location = location
        self.text = text
        self.kind = kind
    }

    /// The keyword in upper case (`COPY`), for messages.
    public var keyword: String { String(text.prefix { !$0.isWhitespace }).uppercased() }
}

public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// What an instruction asks for. Words keep their quotes until the builder expands them.
public enum BuildInstruction: Sendable, Equatable {
    case from(image: String, stage: String?)
    case run(CommandForm)
    case cmd(CommandForm)
    case entrypoint(CommandForm)
    case copy(CopyInstruction)
    case env([KeyValueWord])
    case label([KeyValueWord])
    case workdir(String)
    case user(String)
    case expose([String])
    case arg(name: String, defaultValue: String?)
    case stopSignal(String)
    case volume([String])
}

/// Shell form (`RUN make all`, run as `/bin/sh -c TEXT`) or exec form (`RUN ["make", "all"]`).
public enum CommandForm: Sendable, Equatable {
    case shell(String)
    case exec([String])

    /// The argv the image config or the RUN container gets.
    public var arguments: [String] {
        switch self {
        case .shell(let text): return ["/bin/sh", "-c", text]
        case .exec(let words): return words
        }
    }
}

/// `COPY`/`ADD [--chown=U:G] [--chmod=MODE] SRC... DEST`.
public struct CopyInstruction: Sendable, Equatable {
    public var sources: [String]
    public var destination: String
    public var chown: String?
    public var chmod: String?
    /// `COPY --from=STAGE|IMAGE`: sources come from that stage's or image's file tree.
    public var from: String?
    /// ADD: local tar archives are unpacked at the destination.
    public var extractsArchives: Bool

    public init(sources: [String], destination: String, chown: String? = nil, chmod: String? = nil,
                extractsArchives: Bool = false, from: String? = nil) {
        self.from = from
        self.sources = sources
        self.destination = destination
        self.chown = chown
        self.chmod = chmod
        self.extractsArchives = extractsArchives
    }
}

/// `KEY=VALUE` of ENV and LABEL; the value keeps its quotes until expanded.
public struct KeyValueWord: Sendable, Equatable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
