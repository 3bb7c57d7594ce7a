import FrontdeskCore

/// History's report facts (`FactsFile`): mapped when the file fits the manifest, else rebuilt
/// from the segments (through the index) and written, or kept in memory on a store this
/// process cannot write to.
extension History {
    var factsPath: String { directory + "/" + FactsFile.name(manifest.generation) }

    /// The facts file as it is on disk; nil when it is missing, stale or damaged.
    func storedFacts() throws -> FactsView? {
        guard let file = try MappedFile(path: factsPath, whole: false),
              let view = FactsView(file, fingerprint: manifest.fingerprint), view.count == manifest.records else { return nil }
        return view
    }

    /// The facts of every record in history, rebuilt first when they need it (`rebuilt` says so).
    func facts() throws -> (view: FactsView, rebuilt: Bool) {
        if let view = try storedFacts() { return (view, false) }
        let bytes = try rebuildFacts()
        do {
            try Posix.replaceAtomically(factsPath, with: bytes, directory: directory)
            if let view = try storedFacts() { return (view, true) }
        } catch let error as StoreError where Self.isReadOnly(error) {}
        guard let view = FactsView(MappedFile(memory: bytes), fingerprint: manifest.fingerprint) else {
            throw StoreError.damaged(file: factsPath, location: "header", problem: "the rebuilt facts file does not read back")
        }
        return (view, true)
    }

    /// The facts file's bytes from the records themselves, one decode of each.
    func rebuildFacts() throws -> [UInt8] {
        let index = try index()
        var strings = FactsFile.Strings()
        var rows: [UInt8] = []
        rows.reserveCapacity(index.count * FactsFile.rowSize)
        for i in 0..<index.count {
            let r = try read(index.entry(i))
            rows += FactsFile.row(InteractionFacts(stored: r), strings: &strings)
        }
        return FactsFile.bytes(rows: FactsFile.sorted(rows), strings: strings.list, fingerprint: manifest.fingerprint)
    }
}
