import Results

/// The image-unpack kind's part: per image size, each target's median unpack time, the
/// throughput it means in blob bytes, and its ratio to umoci's median.
struct ImageUnpackSection: ReportSection {
    static let kind = "image-unpack"

    func build(_ input: ReportSectionInput) -> ReportPart? {
        var blocks: [ReportBlock] = []
        for scenario in input.scenarios {
            let measurements = input.measurements(of: scenario.name, metric: "unpack")
            guard !measurements.isEmpty else { continue }
            let image = input.table("image", of: scenario.name)
            func blobMegabytes(_ parameters: [String: String]) -> Double? {
                let size = parameters["megabytes"].flatMap(Double.init) ?? image?.rows.first?.first?.number
                return image?.rows.first { $0.first?.number == size }?.last?.number
            }
            var rows: [[String]] = []
            for measurement in measurements {
                guard let summary = measurement.summary ?? Summary(samples: measurement.samples) else { continue }
                let umoci = measurements.first { $0.target == "umoci" && $0.parameters == measurement.parameters }
                let umociMedian = umoci.flatMap { $0.summary ?? Summary(samples: $0.samples) }?.p50
                let throughput = blobMegabytes(measurement.parameters).map { $0 / (summary.p50 / 1000) }
                rows.append([
                    measurement.target, SeriesKey.label(measurement.parameters), String(summary.n), Formatting.number(summary.p50),
                    throughput.map(Formatting.number) ?? "–", umociMedian.map { Formatting.ratio(summary.p50 / $0) } ?? "–",
                ])
            }
            blocks.append(.heading(scenario.name))
            blocks.append(.table(header: ["target", "parameters", "n", "p50 ms", "MB of blobs / s", "p50 / umoci"], rows: rows))
            for target in Set(measurements.map(\.target)).sorted() {
                if let coverage = scenario.metric("unpack")?.coverage(of: target) { blocks.append(.paragraph("\(target): \(coverage).")) }
            }
        }
        return blocks.isEmpty ? nil : ReportPart(id: "image-unpack", title: "Image unpack", blocks: blocks)
    }
}
