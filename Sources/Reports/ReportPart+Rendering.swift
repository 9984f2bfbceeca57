extension ReportPart {
    /// `<id>.md`: a heading and each block.
    public func markdown() -> String {
        var text = "# \(Markdown.cell(title))\n"
        for block in blocks {
            switch block {
            case .heading(let heading):
                text += "\n## \(Markdown.cell(heading))\n"
            case .paragraph(let paragraph):
                text += "\n\(paragraph)\n"
            case .warning(let warning):
                text += "\n**Warning:** \(warning)\n"
            case .table(let header, let rows):
                text += "\n" + Markdown.row(header.map(Markdown.cell)) + Markdown.separator(columns: header.count)
                for row in rows { text += Markdown.row(row.map(Markdown.cell)) }
            case .preformatted(let body):
                text += "\n" + Markdown.fenced(body)
            }
        }
        return text
    }

    /// The part as a section of report.html.
    public func html() -> String {
        var html = "<section id=\"\(HTML.escape(id))\">\n<h2>\(HTML.escape(title))</h2>\n"
        for block in blocks {
            switch block {
            case .heading(let heading):
                html += "<h3>\(HTML.escape(heading))</h3>\n"
            case .paragraph(let paragraph):
                html += "<p>\(HTML.escape(paragraph))</p>\n"
            case .warning(let warning):
                html += "<p class=\"warning\">\(HTML.escape(warning))</p>\n"
            case .table(let header, let rows):
                html += "<table class=\"numbers\">\n" + HTML.row(header.map(HTML.escape), header: true)
                for row in rows { html += HTML.row(row.map(HTML.escape)) }
                html += "</table>\n"
            case .preformatted(let body):
                html += "<pre>\(HTML.escape(body))</pre>\n"
            }
        }
        return html + "</section>\n"
    }
}
