import OCIImages

extension ImageBuilder.State {
    /// Keeps the stage just built, by index and by its `AS` name.
    mutating func finishStage() {
        if let stageName { stageIndexByName[stageName] = stageImages.count }
        stageImages.append(image)
    }

    /// An earlier stage named `text` (its `AS` name, any case, or its index), if there is one.
    func stageIndex(_ text: String) -> Int? {
        if let index = stageIndexByName[text.lowercased()] { return index }
        guard let index = Int(text), stageImages.indices.contains(index) else { return nil }
        return index
    }
}
