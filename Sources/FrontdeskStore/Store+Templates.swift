import Foundation
import FrontdeskCore
#if canImport(Glibc)
import Glibc
#endif

/// The store's canned replies: `templates/<name>.txt`, one UTF-8 text file each, so a
/// supervisor may also write them with an editor. Not journaled: they are the desk's wording,
/// not its record, and a template changed later leaves sent replies as they were sent.
extension Store {
    static let templatesDirectoryName = "templates"
    /// A template is a reply, not a document.
    static let templateMaxBytes = 16 * 1024

    public var templatesDirectory: String { directory + "/" + Self.templatesDirectoryName }

    /// The store's own templates, by name. A file that is not UTF-8, too long, or names an
    /// unknown placeholder stops with its path and what is wrong with it, unless
    /// `skippingDamaged` (the console, which leaves it out and goes on).
    public func storedTemplates(skippingDamaged: Bool = false) throws -> [ReplyTemplate] {
        // A link in the folder's place would read templates from wherever it leads (each
        // file is opened without following links, and only when it is a regular file).
        do { try Posix.requireNotLink(templatesDirectory) } catch {
            if skippingDamaged { return [] }
            throw error
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: templatesDirectory) else { return [] }
        var out: [ReplyTemplate] = []
        for file in names.sorted() where file.hasSuffix(".txt") {
            let path = templatesDirectory + "/" + file
            let template = skippingDamaged ? try? readTemplate(file, path) : try readTemplate(file, path)
            if let template { out.append(template) }
        }
        return out
    }

    private func readTemplate(_ file: String, _ path: String) throws -> ReplyTemplate? {
        guard let bytes = try Posix.readAll(path) else { return nil }
        guard bytes.count <= Self.templateMaxBytes else {
            throw StoreError.damaged(file: path, location: "\(bytes.count) bytes", problem: "a template is at most \(Self.templateMaxBytes) bytes")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw StoreError.damaged(file: path, location: "its bytes", problem: "not UTF-8 text")
        }
        let template = ReplyTemplate(name: String(file.dropLast(4)), text: text.trimmedTrailingNewlines)
        do { try Templates.check(template) } catch {
            throw StoreError.damaged(file: path, location: "its text", problem: error.description)
        }
        return template
    }

    /// Writes (or replaces) a template, atomically. Checked first: a bad one writes nothing.
    public func saveTemplate(_ template: ReplyTemplate) throws {
        try Templates.check(template)
        guard template.text.utf8.count <= Self.templateMaxBytes else {
            throw DomainError.template(name: template.name, why: "a template is at most \(Self.templateMaxBytes) bytes")
        }
        try requireWritable()
        try Posix.requireNotLink(templatesDirectory)
        try Posix.makeDirectory(templatesDirectory)
        try Posix.replaceAtomically(templatesDirectory + "/\(template.name).txt", with: Array((template.text + "\n").utf8),
                                    directory: templatesDirectory)
    }
}

extension String {
    var trimmedTrailingNewlines: String {
        var s = self[...]
        while s.last?.isNewline == true { s = s.dropLast() }
        return String(s)
    }
}
