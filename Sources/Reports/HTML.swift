/// Escaping for text placed in HTML element content and attribute values.
enum HTML {
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    static func row(_ cells: [String], header: Bool = false, class name: String? = nil) -> String {
        let tag = header ? "th" : "td"
        return (name.map { "<tr class=\"\($0)\">" } ?? "<tr>") + cells.map { "<\(tag)>\($0)</\(tag)>" }.joined() + "</tr>\n"
    }
}
