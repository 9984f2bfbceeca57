import Yams

extension ScenarioParser {
    /// Typed reads of nodes, each failing with the node's line and the key path.
    struct Context {
        let file: String

        func error(_ node: Node, key: String?, _ message: String) -> ScenarioError {
            ScenarioError(file: file, line: node.mark?.line, column: node.mark?.column, key: key, message: message)
        }

        func rejectUnknownKeys(_ mapping: Node.Mapping, allowed: Set<String>, path: String) throws {
            for (keyNode, _) in mapping {
                let key = keyNode.string ?? "?"
                if !allowed.contains(key) {
                    throw error(keyNode, key: path + key, "unknown key (allowed: \(allowed.sorted().joined(separator: ", ")))")
                }
            }
        }

        func string(_ node: Node, key: String) throws -> String {
            guard case .scalar(let scalar) = node else { throw error(node, key: key, "expected a string") }
            return scalar.string
        }

        func strings(_ node: Node, key: String) throws -> [String] {
            guard case .sequence(let items) = node else { throw error(node, key: key, "expected a list") }
            return try items.map { try string($0, key: key) }
        }

        func count(_ node: Node, key: String, minimum: Int) throws -> Int {
            guard case .scalar = node, let value = node.int else {
                throw error(node, key: key, "expected a whole number, got '\(node.string ?? "a collection")'")
            }
            guard value >= minimum else { throw error(node, key: key, "must be at least \(minimum), got \(value)") }
            return value
        }

        func seconds(_ node: Node, key: String) throws -> Double {
            guard case .scalar = node, let value = node.float, value > 0, value.isFinite else {
                throw error(node, key: key, "expected a positive number of seconds, got '\(node.string ?? "a collection")'")
            }
            return value
        }

        func number(_ node: Node, key: String, minimum: Double?) throws -> Double {
            guard case .scalar = node, let value = node.float, value.isFinite else {
                throw error(node, key: key, "expected a number, got '\(node.string ?? "a collection")'")
            }
            if let minimum, value < minimum { throw error(node, key: key, "must be at least \(minimum), got \(value)") }
            return value
        }

        func bool(_ node: Node, key: String) throws -> Bool {
            guard case .scalar = node, let value = node.bool else {
                throw error(node, key: key, "expected true or false, got '\(node.string ?? "a collection")'")
            }
            return value
        }
    }
}
