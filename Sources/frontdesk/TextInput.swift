import Foundation
import FrontdeskCore
import FrontdeskStore

/// Text given to a command as bytes: its arguments, standard input, a file read for input.
/// Bytes that are not UTF-8 are refused, naming where; Swift's own decoding (and
/// `CommandLine.arguments`) would replace them with U+FFFD and the command would go on.
enum TextInput {
    /// The command line's arguments after the program's name, as the kernel gave them.
    /// One that is not UTF-8 is a usage error (exit 2).
    static func arguments() throws -> [String] {
        var arguments: [String] = []
        // An exec with an empty argv leaves not even the program's name.
        for index in stride(from: 1, to: Int(CommandLine.argc), by: 1) {
            guard let raw = CommandLine.unsafeArgv[index] else { continue }
            let bytes = UnsafeRawBufferPointer(start: raw, count: strlen(raw))
            do {
                arguments.append(try UTF8Text.decode(bytes))
            } catch {
                let before = String(decoding: bytes.prefix(error.offset), as: UTF8.self)
                throw CLIRefusal(message: "argument \(index) (after \"\(before)\"): \(error); give text as UTF-8", status: 2)
            }
        }
        return arguments
    }

    /// Standard input read to its end (`--text -`). Its last line break ends its last line and
    /// is not part of the text, as with `$(…)` in a shell; everything else is kept as it is.
    static func standardInput() throws -> String {
        let bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        let lines = bytes.last == UInt8(ascii: "\n") ? bytes.dropLast() : bytes[...]
        do {
            return try UTF8Text.decode(lines)
        } catch {
            throw CLIRefusal(message: "standard input: \(error); nothing was changed")
        }
    }

    /// The text of `file`, read for input (a CSV of customers).
    static func text(of bytes: Data, file: String) throws -> String {
        do {
            return try UTF8Text.decode(bytes)
        } catch {
            throw StoreError.badInput(file: file, location: "byte offset \(error.offset)",
                                      problem: "0x\(String(error.byte, radix: 16, uppercase: true)) is not valid UTF-8")
        }
    }
}
