import ArgumentParser
import Foundation
import FrontdeskCore
import FrontdeskStore

@main
struct Frontdesk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frontdesk",
        abstract: "A terminal console for service-desk agents working interaction records.",
        discussion: """
        With no command, opens the full-screen console. Every other command reads or changes \
        the same store, through the same rules, for scripts, gateways and supervisors.

        Exit status: 0 success, 1 a rule refused the action (nothing changed), 2 usage error, \
        3 store problem (damaged, unreadable, or locked by another Frontdesk).
        """,
        version: FrontdeskVersion.current,
        subcommands: [
            Console.self, Intake.self, New.self, List.self, Show.self,
            Accept.self, Hold.self, Resume.self, Transfer.self, End.self, WrapUpCommand.self, Complete.self, Abandon.self, Archive.self, Reopen.self,
            SetFields.self, Note.self, ReplyCommand.self, OutboxCommand.self, TemplateCommand.self, TaskCommand.self,
            Config.self, CustomerCommand.self, ProfileCommand.self, AgentCommand.self, QueueCommand.self,
            PresenceCommand.self, Offers.self, AcceptOffer.self, RejectOffer.self, Route.self, BoardCommand.self,
            Export.self, Import.self, StoreCommand.self,
            CheckIn.self, WalkUpCommand.self, Call.self, NoShow.self,
            AppointmentCommand.self, RateCommand.self,
            Serve.self,
            SLACommand.self,
            ReportCommand.self,
        ],
        defaultSubcommand: Console.self
    )

    /// Runs a command, mapping what went wrong to the documented exit codes.
    static func main() {
        do {
            var command = try parseAsRoot(GlobalArguments.reordered(try TextInput.arguments()))
            try command.run()
            Context.reportHistoryWarnings()
        } catch let error as DomainError {
            Output.error(error.description)
            Foundation.exit(1)
        } catch let error as StoreError {
            Output.error(error.description)
            if case .badInput = error { Foundation.exit(1) }
            Foundation.exit(3)
        } catch let error as CLIRefusal {
            Output.error(error.message)
            Foundation.exit(error.status)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Output.line(fullMessage(for: error))
                Foundation.exit(0)
            }
            Output.emit(fullMessage(for: error) + "\n", to: .standardError)
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// A refusal found by the command line itself (an unknown record number for `show`, say).
struct CLIRefusal: Error {
    var message: String
    /// 1: a rule refused; 2: the command cannot be used like this (usage).
    var status: Int32 = 1
}

/// What `frontdesk --version` prints.
enum FrontdeskVersion {
    static let current = "0.4.0 (store schema 1)"
}
