import Foundation
import TandemCore

/// Made-up names for synthetic programmes: people, places, schools and trusts.
///
/// A few carry accents, apostrophes and hyphens on purpose, so that generated rosters exercise
/// CSV quoting and calendar text escaping the way real rosters do.
enum SyntheticNames {
    static let firstNames = [
        "Priya", "Marcus", "Siobhán", "David", "Hannah", "Jamal", "Emily", "Oluwaseun", "Rebecca", "Gareth",
        "Aisha", "Zoë", "Tom", "Sarah", "James", "Fatima", "Owen", "Chloe", "Daniel", "Grace",
        "Imran", "Lucy", "Kwame", "Megan", "Rhys", "Sophie", "Ravi", "Eleanor", "Connor", "Amelia",
        "Yusuf", "Bethan", "Liam", "Niamh", "Hamza", "Joanna", "Callum", "Anjali", "Matthew", "Rosa",
        "Chidi", "Helen", "Ben", "Ffion", "Arjun", "Laura", "Declan", "Mariam", "Peter", "Isla",
        "Kofi", "Rachel", "Euan", "Saoirse", "Nikhil", "Claire", "Samuel", "Leah", "Tariq", "Kate",
        "Ashley", "Deepa", "Michael", "Jessica", "Jordan", "Nadia", "Andrew", "Catrin", "Ibrahim", "Victoria",
        "Lakshmi", "Brendan", "Olivia", "Hyun-woo", "Mei", "Tomasz", "Agnieszka", "Chiara", "José", "Renée",
    ]

    static let surnames = [
        "Shah", "Bennett", "O'Neill", "Okonkwo", "Whitfield", "Hussain", "Clarke", "Adeyemi", "Lindqvist", "Morgan",
        "Rahman", "Nwachukwu-Brown", "Evans", "Patel", "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies",
        "Wilson", "Khan", "Thomas", "Roberts", "Johnson", "Lewis", "Walker", "Robinson", "Wright", "Thompson",
        "White", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Martin", "Jackson", "Ali",
        "Begum", "Mensah", "Owusu", "McCarthy", "O'Brien", "Murphy", "Kelly", "Campbell", "Stewart", "MacLeod",
        "Singh", "Kaur", "Sharma", "Iyer", "Banerjee", "Chatterjee", "Nair", "Gupta", "Reddy", "Menon",
        "Nguyen", "Chen", "Kim", "Kowalski", "Nowak", "Rossi", "García", "Fernández", "Dubois", "Müller",
        "Ashworth", "Fairbrother", "Pemberton", "Holloway", "Blackwood", "Featherstone", "Hargreaves", "Llewellyn", "Ó Súilleabháin", "Smith-Jones",
    ]

    static let places = [
        "Riverside", "Hillview", "Oakfield", "Ashford", "Beechwood", "Brookside", "Castleton", "Deanfield", "Eastbrook", "Fernhill",
        "Greenbank", "Hartley", "Highfield", "Kingsmead", "Lakeside", "Langley", "Meadowbank", "Millbrook", "Northgate", "Oakwood",
        "Parkside", "Queensway", "Redhill", "Rosewood", "Southfields", "Stonebridge", "Thornton", "Upton", "Valley Road", "Westfield",
        "Whitecross", "Willowbrook", "Woodlands", "Abbey Park", "Bramley", "Carlton", "Denholme", "Elmhurst", "Foxhill", "Grange",
        "Hawthorn", "Holmewood", "Ivy Lane", "Juniper", "Kirkstall", "Linden", "Marston", "Netherton", "Orchard", "Pennine",
        "Quarry Bank", "Ravenscroft", "Sandhurst", "Tanners Lane", "Underwood", "Victoria Park", "Wharfedale", "Yew Tree", "Alder", "Birchfield",
    ]

    static let modifiers = ["", "Park", "Hill", "Green", "Vale", "Fields", "Bridge", "Heath", "Moor", "Cross", "Lane", "Common"]

    static let saints = ["St Anne's", "St Mary's", "St John's", "St Peter's", "St Michael's", "St Joseph's", "Holy Trinity", "St Margaret's",
                         "St Bede's", "St Hilda's", "St Chad's", "Christ Church"]

    static let trustStems = ["Northbridge", "Pennine", "Severn Vale", "Three Rivers", "Chiltern", "Wessex", "Mercia", "Cotswold",
                             "Fenland", "Tyne and Wear", "Solent", "Weald", "Peak", "Humber", "Medway", "Cheviot", "Ribble", "Trent"]

    static let trustKinds = ["Learning Trust", "Academies Trust", "Education Partnership", "Multi-Academy Trust", "Schools Trust"]

    /// Neighbourhoods of the British schools abroad, per zone.
    static let abroad: [String: (city: String, areas: [String], trust: String)] = [
        "America/New_York": ("New York", ["Manhattan", "Brooklyn", "Queens", "Hoboken", "Westchester", "Long Island", "Jersey City", "Riverdale"],
                             "Atlantic British Schools"),
        "Asia/Kolkata": ("Kolkata", ["Salt Lake", "Ballygunge", "New Town", "Alipore", "Howrah", "Park Street", "Behala", "Rajarhat"],
                         "Bengal British Schools Group"),
        "Australia/Sydney": ("Sydney", ["Parramatta", "Chatswood", "Manly", "Bondi", "Ryde", "Penrith", "Hornsby", "Cronulla"],
                             "Southern Cross British Schools"),
    ]

    static let tags = ["curriculum", "safeguarding", "ofsted", "finance", "behaviour", "send", "wellbeing", "governance",
                       "attendance", "staffing", "early-years", "sixth-form", "data", "community", "estates", "trust-growth"]

    /// Lower-case ASCII for email addresses and slugs: accents dropped, anything else but letters and digits removed.
    static func ascii(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        return String(folded.unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.map(Character.init))
    }

    /// `riverside-primary` from `Riverside Primary`.
    static func slug(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "," }).map { ascii(String($0)) }.filter { !$0.isEmpty }
            .joined(separator: "-")
    }
}
