import Testing
@testable import FrontdeskCore

/// Phone numbers as people write them, in several countries, with and without the desk's
/// default country; and customer search that ignores accents and number spelling.
struct PhoneSpellingTests {
    struct Spelling: Sendable, CustomTestStringConvertible {
        let typed: String
        let country: String
        let e164: String?
        var testDescription: String { "\(typed) [\(country)]" }
    }

    static let spellings: [Spelling] = [
        // International, as written in signatures and forms.
        Spelling(typed: "+44 7700 900123", country: "", e164: "+447700900123"),
        Spelling(typed: "0044 (0)7700-900123", country: "", e164: "+447700900123"),
        Spelling(typed: "+44 (0) 20 7946 0958", country: "", e164: "+442079460958"),
        Spelling(typed: "+44(0)2079460958", country: "", e164: "+442079460958"),
        Spelling(typed: "+1 (555) 123-4567", country: "", e164: "+15551234567"),
        Spelling(typed: "+1.555.123.4567", country: "", e164: "+15551234567"),
        Spelling(typed: "001 555 123 4567", country: "", e164: "+15551234567"),
        Spelling(typed: "+49 (0)30 901820", country: "", e164: "+4930901820"),
        Spelling(typed: "+49 30 / 90 18 20", country: "", e164: "+4930901820"),
        Spelling(typed: "+33 (0)1 42 68 53 00", country: "", e164: "+33142685300"),
        Spelling(typed: "+33 1 42 68 53 00", country: "", e164: "+33142685300"),
        Spelling(typed: "+39 06 6982 1234", country: "", e164: "+390669821234"),
        Spelling(typed: "+81 3-1234-5678", country: "", e164: "+81312345678"),
        Spelling(typed: "+55 11 91234-5678", country: "", e164: "+5511912345678"),
        Spelling(typed: "+61 2 9374 4000", country: "", e164: "+61293744000"),
        Spelling(typed: "+7 495 123-45-67", country: "", e164: "+74951234567"),
        Spelling(typed: "+36 1 234 5678", country: "", e164: "+3612345678"),
        Spelling(typed: "+91 98765 43210", country: "", e164: "+919876543210"),
        Spelling(typed: "+44\u{00A0}7700\u{00A0}900123", country: "", e164: "+447700900123"),
        Spelling(typed: "+1 555\u{2011}123\u{2011}4567", country: "", e164: "+15551234567"),
        // National, read with the desk's default country.
        Spelling(typed: "07700 900123", country: "GB", e164: "+447700900123"),
        Spelling(typed: "020 7946 0958", country: "gb", e164: "+442079460958"),
        Spelling(typed: "(555) 123-4567", country: "US", e164: "+15551234567"),
        Spelling(typed: "1-555-123-4567", country: "US", e164: "+15551234567"),
        Spelling(typed: "030 901820", country: "DE", e164: "+4930901820"),
        Spelling(typed: "01 42 68 53 00", country: "FR", e164: "+33142685300"),
        Spelling(typed: "06 6982 1234", country: "IT", e164: "+390669821234"),
        Spelling(typed: "03-1234-5678", country: "JP", e164: "+81312345678"),
        Spelling(typed: "8 (495) 123-45-67", country: "RU", e164: "+74951234567"),
        Spelling(typed: "06 1 234 5678", country: "HU", e164: "+3612345678"),
        Spelling(typed: "(02) 9374 4000", country: "AU", e164: "+61293744000"),
        // An international number stays international whatever the default country.
        Spelling(typed: "+49 30 901820", country: "GB", e164: "+4930901820"),
        Spelling(typed: "0049 30 901820", country: "GB", e164: "+4930901820"),
        // Refused, each with its reason.
        Spelling(typed: "07700 900123", country: "", e164: nil),
        Spelling(typed: "+44 7700 9OO123", country: "", e164: nil),
        Spelling(typed: "+44 77", country: "", e164: nil),
        Spelling(typed: "44+7700900123", country: "", e164: nil),
        Spelling(typed: "+0 123 456 789", country: "", e164: nil),
        Spelling(typed: "+1 555 123 4567 8901 2345", country: "", e164: nil),
    ]

    @Test(arguments: spellings)
    func spelling(_ s: Spelling) {
        let result = try? PhoneNumber.normalize(s.typed, defaultCountry: s.country)
        #expect(result == s.e164, "\(s.typed) with default country “\(s.country)”")
    }

    @Test func aNationalNumberWithoutADefaultCountrySaysHowToFixIt() {
        #expect { try PhoneNumber.normalize("07700 900123") } throws: { "\($0)".contains("set the desk's default_country") }
    }

    @Test func theDeskReadsNationalNumbersWithItsDefaultCountry() throws {
        var desk = makeDesk()
        try desk.run(.setConfig(key: "default_country", value: "GB"), by: "sue")
        let added = try desk.run(.addCustomer(name: "Priya Shah", email: "", phone: "07700 900123", company: "", vip: false))
        #expect(desk.customers[added.subject!]?.phone == "+447700900123")
        let message = try desk.run(.intakeMessage(channel: .sms, identifier: "07700 900123", text: "hi", queue: nil), by: "sms")
        #expect(message.intake?.openedFor == added.subject, "the SMS matches her however the gateway spells the number")
        #expect(throws: DomainError.self) { try desk.run(.setConfig(key: "default_country", value: "XX"), by: "sue") }
    }
}

struct CustomerSearchTests {
    @Test(arguments: [("muller", "CUS0000001"), ("MÜLLER", "CUS0000001"), ("zoe", "CUS0000001"), ("Zoë", "CUS0000001"),
                      ("haddad", "CUS0000003"), ("山田", "CUS0000002"),
                      ("555 123 4567", "CUS0000001"), ("(555) 123-4567", "CUS0000001"), ("1234567", "CUS0000001"),
                      ("+81 3 1234 5678", "CUS0000002"), ("0081312345678", "CUS0000002")])
    func findsWithoutAccentsAndInAnyNumberSpelling(_ query: String, _ id: String) {
        let desk = makeDesk()
        #expect(desk.findCustomers(query).map(\.id).contains(id), "“\(query)” finds \(id)")
    }

    @Test func foldingTable() {
        #expect(SearchFolding.fold("Łódź Šťastný Ærøskøbing Straße José") == "lodz stastny aeroskobing strasse jose")
        #expect(SearchFolding.fold("e\u{301}cole") == "ecole", "a decomposed accent is dropped too")
        #expect(SearchFolding.fold("山田 Зоя") == "山田 зоя")
    }

    @Test func recordsAreFoundByAnAccentFreeName() throws {
        var desk = makeDesk()
        try desk.run(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), by: "chat")
        #expect(desk.search("muller", in: Array(desk.interactions.indices)).count == 1)
    }
}
