import ArgumentParser
import FrontdeskCore

struct Console: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The full-screen console (the default command).")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Open the console on a throwaway store filled with a demo desk.") var demo = false

    func run() throws {
        throw CLIRefusal(message: "the console is not built yet")
    }
}
