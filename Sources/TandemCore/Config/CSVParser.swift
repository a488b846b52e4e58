/// One CSV record: its fields and the physical line it starts on.
public struct CSVRecord: Hashable, Sendable {
    public var fields: [String]
    /// 1-based physical line of the record's first character.
    public var line: Int

    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}

/// RFC 4180 CSV: quoted fields with commas, doubled quotes and line breaks; CRLF, CR or LF; a UTF-8 BOM is dropped.
public enum CSVParser {
    /// A quoted field that never ends.
    public struct UnterminatedQuote: Error, Hashable, Sendable {
        /// The line on which the quoted field started.
        public var line: Int
        public var message: String { "a quoted field that starts on this line never ends (missing closing \")." }
        public var fix: String { "Close the quote, or write a literal quote inside a quoted field as two quotes (\"\")." }
    }

    /// Every record of `text`; blank lines are skipped.
    public static func parse(_ text: String) throws(UnterminatedQuote) -> [CSVRecord] {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }

        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 1
        var fieldWasQuoted = false
        var index = scalars.startIndex

        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            let blank = fields.count == 1 && fields[0].isEmpty
            if !blank { records.append(CSVRecord(fields: fields, line: recordLine)) }
            fields = []
        }

        while index < scalars.endIndex {
            let c = scalars[index]
            scalars.formIndex(after: &index)
            if inQuotes {
                switch c {
                case "\"":
                    if index < scalars.endIndex, scalars[index] == "\"" {
                        field.append("\"")
                        scalars.formIndex(after: &index)
                    } else {
                        inQuotes = false
                    }
                case "\r":
                    // A CRLF inside a quoted field is one line break, kept as \n.
                    if index < scalars.endIndex, scalars[index] == "\n" { scalars.formIndex(after: &index) }
                    field.append("\n")
                    line += 1
                case "\n":
                    field.append("\n")
                    line += 1
                default:
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
                quoteLine = line
            case ",":
                endField()
            case "\r", "\n":
                if c == "\r", index < scalars.endIndex, scalars[index] == "\n" { scalars.formIndex(after: &index) }
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(c)
            }
        }
        if inQuotes { throw UnterminatedQuote(line: quoteLine) }
        if !fields.isEmpty || !field.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}
