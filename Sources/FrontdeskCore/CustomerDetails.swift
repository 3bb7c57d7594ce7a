/// What an agent types about a customer: the fields of the customer card, before the desk
/// checks them (a phone number is normalised, an email must have an @ and be unused).
public struct CustomerDetails: Equatable, Sendable {
    public var name: String
    public var email: String
    public var phone: String
    public var company: String
    public var vip: Bool

    public init(name: String, email: String = "", phone: String = "", company: String = "", vip: Bool = false) {
        self.name = name; self.email = email; self.phone = phone; self.company = company; self.vip = vip
    }

    public init(_ customer: Customer) {
        self.init(name: customer.name, email: customer.email, phone: customer.phone, company: customer.company, vip: customer.vip)
    }

    /// Stands for the customer a `withNewCustomer` command creates, in the command that follows
    /// it (opened for of a new or edited record, the customer of a linked profile).
    public static let newCustomerReference = "(new customer)"
}

extension DeskCommand {
    /// The command with the new customer's id put where it names `newCustomerReference`; nil
    /// when it does not name the new customer (then creating one would be pointless).
    func naming(newCustomer id: String) -> DeskCommand? {
        let reference = CustomerDetails.newCustomerReference
        switch self {
        case let .create(type, openedFor, queue, short, accept) where openedFor == reference:
            return .create(type: type, openedFor: id, queue: queue, shortDescription: short, accept: accept)
        case let .intake(type, openedFor, queue, text, caller) where openedFor == reference:
            return .intake(type: type, openedFor: id, queue: queue, text: text, caller: caller)
        case let .edit(number, edits, expected) where edits.contains(.openedFor(reference)):
            return .edit(number: number, edits.map { $0 == .openedFor(reference) ? .openedFor(id) : $0 }, expectedVersion: expected)
        case let .linkProfile(profile, customer) where customer == reference:
            return .linkProfile(profile: profile, customer: id)
        default:
            return nil
        }
    }
}
