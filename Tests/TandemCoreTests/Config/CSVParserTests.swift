import Testing
@testable import TandemCore

@Suite struct CSVParserTests {
    @Test func plainRecordsWithLineNumbers() throws {
        let records = try CSVParser.parse("a,b,c\n1,2,3\n")
        #expect(records == [CSVRecord(fields: ["a", "b", "c"], line: 1), CSVRecord(fields: ["1", "2", "3"], line: 2)])
    }

    @Test func quotedCommasAndDoubledQuotes() throws {
        let records = try CSVParser.parse("id,name\nL1,\"Shah, Priya\"\nL2,\"Siobhán \"\"Shiv\"\" O'Neill\"\n")
        #expect(records[1].fields == ["L1", "Shah, Priya"])
        #expect(records[2].fields == ["L2", "Siobhán \"Shiv\" O'Neill"])
    }

    @Test func multiLineCellKeepsLaterLineNumbers() throws {
        let text = "id,name\nL1,\"two\nlines\"\nL2,\"three\r\nphysical\r\nlines\"\nL3,plain\n"
        let records = try CSVParser.parse(text)
        #expect(records.map(\.line) == [1, 2, 4, 7])
        #expect(records[1].fields[1] == "two\nlines")
        #expect(records[2].fields[1] == "three\nphysical\nlines")
        #expect(records[3].fields == ["L3", "plain"])
    }

    @Test func crlfAndBOMAndBlankLines() throws {
        let records = try CSVParser.parse("\u{FEFF}id,name\r\n\r\nL1,Priya\r\nL2,Tom")
        #expect(records.count == 3)
        #expect(records[0].fields == ["id", "name"])
        #expect(records[1] == CSVRecord(fields: ["L1", "Priya"], line: 3))
        #expect(records[2] == CSVRecord(fields: ["L2", "Tom"], line: 4))
    }

    @Test func emptyFieldsAreKept() throws {
        let records = try CSVParser.parse("a,,c,\n\"\",x,,\n")
        #expect(records[0].fields == ["a", "", "c", ""])
        #expect(records[1].fields == ["", "x", "", ""])
    }

    @Test func unterminatedQuoteReportsTheLineWhereTheFieldStarted() {
        let text = "id,name\nL1,Priya\nL2,\"Unterminated name,x@y.example\nL3,Tom\n"
        #expect(throws: CSVParser.UnterminatedQuote(line: 3)) { try CSVParser.parse(text) }
    }
}
