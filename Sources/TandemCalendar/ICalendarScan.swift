import Foundation

/// A light structural pass over iCalendar text, in Swift, before libical sees it.
///
/// libical's parser never reports line numbers and recovers silently from broken structure, so
/// this pass unfolds lines while keeping their physical line numbers, checks that every content
/// line has a name and a colon and that BEGIN/END pair up, and remembers where each component
/// and property starts. Errors libical finds later are mapped back to lines through it.
struct ICalendarScan {
    /// One unfolded content line.
    struct Line {
        /// 1-based physical line number of its first physical line.
        var number: Int
        /// Byte range of the property name.
        var nameRange: Range<Int>
        /// Byte range of the whole unfolded logical line in `bytes` (folds still present).
        var range: Range<Int>
        /// Whether libical is given the line (see ``libicalText``).
        var kept = true
    }

    /// One BEGIN…END block.
    struct Component {
        var name: String
        var beginLine: Int
        var endLine: Int
        /// Indices into `lines` of this component's own properties (not of nested components).
        var properties: [Int]
    }

    let file: String
    let bytes: [UInt8]
    /// 3 when the text starts with a UTF-8 byte order mark (skipped), else 0.
    let bomLength: Int
    private(set) var lines: [Line] = []
    /// Every component in document order (order of BEGIN).
    private(set) var components: [Component] = []
    /// For each component name, the indices into `components` in document order.
    private(set) var byName: [String: [Int]] = [:]
    /// First line on which each TZID parameter value is used.
    private(set) var tzidLines: [String: Int] = [:]
    /// Lines skipped or read with a caveat.
    private(set) var warnings: [InputProblem] = []
    /// Byte range of the last TZID value recorded in `tzidLines`.
    private var lastTZID: Range<Int>?
    /// How deep the scan is inside a component busy time never reads (VALARM, VTODO, VJOURNAL).
    private var ignoredDepth = 0
    /// Whether any line is left out of ``libicalText``.
    private(set) var leavesLinesOut = false

    init(text: String, file: String) throws(InputProblem) {
        self.file = file
        var bytes = Array(text.utf8)
        bomLength = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if bomLength > 0 { bytes.removeFirst(3) }
        self.bytes = bytes
        lines.reserveCapacity(bytes.count / 40)
        try scan()
    }

    private func error(_ line: Int?, _ message: String) -> InputProblem {
        InputProblem(file: file, line: line, message: message)
    }

    private mutating func scan() throws(InputProblem) {
        var stack: [Int] = []  // indices into components
        var sawCalendar = false
        var physical = 0
        var index = 0
        let n = bytes.count

        // Logical line being assembled.
        var current: (number: Int, start: Int, end: Int)?

        func lineEnd(from i: Int) -> (contentEnd: Int, next: Int) {
            var j = i
            while j < n && bytes[j] != 0x0A { j += 1 }
            let next = j < n ? j + 1 : j
            var end = j
            if end > i && bytes[end - 1] == 0x0D { end -= 1 }
            return (end, next)
        }

        while index < n {
            physical += 1
            let (end, next) = lineEnd(from: index)
            let first: UInt8? = end > index ? bytes[index] : nil
            if first == 0x20 || first == 0x09 {
                // Continuation of the previous logical line (RFC 5545 §3.1 folding).
                guard current != nil else {
                    throw error(physical, "the file starts with an indented line; an iCalendar file must start with BEGIN:VCALENDAR")
                }
                current!.end = end
            } else {
                if let c = current { try process(c, stack: &stack, sawCalendar: &sawCalendar) }
                current = first == nil ? nil : (physical, index, end)
            }
            index = next
        }
        if let c = current { try process(c, stack: &stack, sawCalendar: &sawCalendar) }

        if let open = stack.last {
            let c = components[open]
            throw error(c.beginLine, "BEGIN:\(c.name) is never closed; add END:\(c.name) after its last line")
        }
        if !sawCalendar {
            throw error(nil, "the file is empty; expected an iCalendar file starting with BEGIN:VCALENDAR")
        }
    }

    private mutating func process(_ l: (number: Int, start: Int, end: Int), stack: inout [Int],
                                  sawCalendar: inout Bool) throws(InputProblem) {
        // Name: up to the first ';' or ':'.
        var i = l.start
        while i < l.end && bytes[i] != 0x3A && bytes[i] != 0x3B { i += 1 }
        var nameBytes = bytes[l.start..<i]
        if nameBytes.contains(0x0A) {
            // A fold inside (or right after) the name is legal (RFC 5545 §3.1): unfold it.
            nameBytes = ArraySlice(Self.unfold(nameBytes))
        }
        // Value starts after the first ':' outside a quoted parameter value.
        var colon = -1
        var inQuotes = false
        var j = i
        while j < l.end {
            let b = bytes[j]
            if b == 0x22 { inQuotes.toggle() } else if b == 0x3A && !inQuotes { colon = j; break }
            j += 1
        }
        let isBegin = equalsIgnoringCase(nameBytes, "BEGIN")
        let isEnd = !isBegin && equalsIgnoringCase(nameBytes, "END")
        if !sawCalendar && stack.isEmpty {
            let text = String(decoding: bytes[l.start..<min(l.end, l.start + 40)], as: UTF8.self)
            guard isBegin, colon >= 0, upperTrimmed((colon + 1)..<l.end) == "VCALENDAR" else {
                throw error(l.number, "expected BEGIN:VCALENDAR but found \"\(text)\"; this is not an iCalendar (.ics) file — export the calendar from your calendar app as .ics")
            }
        }
        let validName = !nameBytes.isEmpty && nameBytes.allSatisfy({ isNameByte($0) })
        if (colon < 0 || !validName), !stack.isEmpty, !isBegin, !isEnd {
            // A broken line (no ':', a stray fold, an unbalanced quote as in Apple's
            // X-APPLE-STRUCTURED-LOCATION) of a property that has no bearing on busy time:
            // libical drops it too; say so and go on. A broken time property is refused below.
            // Only lines that still start like a property (an X- name, or a name and then
            // parameters); free text such as "THIS LINE HAS NO COLON" is refused below.
            let lead = bytes[l.start..<l.end].prefix(while: { isNameByte($0) })
            let leadName = String(decoding: lead, as: UTF8.self).uppercased()
            let after: UInt8? = lead.endIndex < l.end ? bytes[lead.endIndex] : nil
            let looksLikeProperty = !lead.isEmpty && (leadName.hasPrefix("X-") || after == 0x3B || after == 0x3D)
            if looksLikeProperty && !BusyReader.timeProperties.contains(leadName) {
                let shown = String(decoding: bytes[l.start..<min(l.end, l.start + 40)], as: UTF8.self)
                let why = colon < 0 ? (bytes[l.start..<l.end].contains(0x3A) ? "a parameter has an unbalanced quote" : "it has no ':'")
                    : "\"\(String(decoding: nameBytes.prefix(40), as: UTF8.self))\" is not a property name"
                warnings.append(InputProblem(file: file, line: l.number, message: "skipped \"\(shown)\": \(why)"))
                return
            }
        }
        guard colon >= 0 else {
            let text = String(decoding: bytes[l.start..<min(l.end, l.start + 60)], as: UTF8.self)
            throw error(l.number, "content line \"\(text)\" has no ':' between its name and value; every line must look like NAME:value (long lines continue on lines that start with a space)")
        }
        guard !nameBytes.isEmpty, nameBytes.allSatisfy({ isNameByte($0) }) else {
            throw error(l.number, "\"\(String(decoding: nameBytes, as: UTF8.self))\" is not a valid property name; names contain only letters, digits and '-'")
        }
        let lineIndex = lines.count
        lines.append(Line(number: l.number, nameRange: l.start..<i, range: l.start..<l.end))

        if isBegin || isEnd {
            let value = upperTrimmed((colon + 1)..<l.end)
            if isBegin, ignoredDepth > 0 || Self.ignoredComponents.contains(value) {
                ignoredDepth += 1
                lines[lineIndex].kept = false
                leavesLinesOut = true
            } else if isEnd, ignoredDepth > 0 {
                ignoredDepth -= 1
                lines[lineIndex].kept = false
            }
            if isBegin {
                if stack.isEmpty && value != "VCALENDAR" {
                    throw error(l.number, "BEGIN:\(value) outside of a VCALENDAR; every component must be inside BEGIN:VCALENDAR … END:VCALENDAR")
                }
                if value == "VCALENDAR" {
                    if !stack.isEmpty {
                        throw error(l.number, "BEGIN:VCALENDAR inside another component; close the open one first")
                    }
                    sawCalendar = true
                }
                byName[value, default: []].append(components.count)
                stack.append(components.count)
                components.append(Component(name: value, beginLine: l.number, endLine: l.number, properties: []))
            } else {
                guard let open = stack.popLast() else {
                    throw error(l.number, "END:\(value) without a matching BEGIN:\(value); remove it or add the BEGIN line")
                }
                guard components[open].name == value else {
                    let c = components[open]
                    throw error(l.number, "END:\(value) does not match BEGIN:\(c.name) on line \(c.beginLine); add END:\(c.name) before it")
                }
                components[open].endLine = l.number
            }
            return
        }
        guard let open = stack.last else {
            throw error(l.number, "property \(String(decoding: nameBytes, as: UTF8.self)) outside of a VCALENDAR; move it inside BEGIN:VCALENDAR … END:VCALENDAR")
        }
        components[open].properties.append(lineIndex)
        if ignoredDepth > 0 || (components[open].name == "VEVENT" && !Self.busyProperties.contains(where: { equalsIgnoringCase(nameBytes, $0) })) {
            lines[lineIndex].kept = false
            leavesLinesOut = true
            // Not read, so not checked: a to-do with an unreadable due date, or an attendee with
            // a TZID nobody defines, does not stop the diary loading.
            return
        }
        if i < colon { recordTZID(params: (i + 1)..<colon, line: l.number) }
        if let first = nameBytes.first, first | 0x20 == 0x64 || first | 0x20 == 0x72 || first | 0x20 == 0x65,
           equalsIgnoringCase(nameBytes, "DTSTART") || equalsIgnoringCase(nameBytes, "DTEND")
            || equalsIgnoringCase(nameBytes, "RDATE") || equalsIgnoringCase(nameBytes, "EXDATE")
            || equalsIgnoringCase(nameBytes, "RECURRENCE-ID") {
            let inZone = components[open].name == "STANDARD" || components[open].name == "DAYLIGHT"
            try checkDates(value: (colon + 1)..<l.end, name: nameBytes, line: l.number, checkYear: !inZone)
        }
        if equalsIgnoringCase(nameBytes, "RRULE"), components[open].name == "STANDARD" || components[open].name == "DAYLIGHT" {
            // A zone changes its clocks at most a few times a year; a faster rule (FREQ=SECONDLY in
            // a hostile file) would make libical build millions of transitions.
            let value = upperTrimmed((colon + 1)..<l.end)
            if !(value.contains("FREQ=YEARLY") || value.contains("FREQ=MONTHLY")) {
                throw error(l.number, "RRULE in a VTIMEZONE \(components[open].name) repeats more often than monthly; a time zone changes its clocks once or twice a year (FREQ=YEARLY). Export the calendar again with standard time zone definitions")
            }
        }
    }

    /// Components busy time never reads: their lines are not given to libical.
    static let ignoredComponents: Set<String> = ["VALARM", "VTODO", "VJOURNAL"]

    /// The properties of a VEVENT that busy time reads (times, recurrence, identity and version,
    /// whether it blocks time, its title). Descriptions, attendee lists, attachments and the like
    /// are most of a real export's bytes and are not given to libical.
    static let busyProperties: [StaticString] = [
        "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID",
        "UID", "SEQUENCE", "DTSTAMP", "LAST-MODIFIED", "STATUS", "TRANSP", "SUMMARY",
    ]

    /// The NUL-terminated text libical parses: the file's lines (folds kept, CRLF endings) without
    /// those busy time does not read, and without the lines the scan skipped. Nil when that is the
    /// whole file: then the file's own text is parsed, with no copy.
    func libicalText() -> [UInt8]? {
        guard leavesLinesOut else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 1)
        for line in lines where line.kept {
            out.append(contentsOf: bytes[line.range])
            out.append(0x0D)
            out.append(0x0A)
        }
        out.append(0)
        return out
    }

    /// The years Tandem reads; a time outside them is a typo or a hostile file.
    static let years = 1900...2200

    /// Every DATE or DATE-TIME in a time property's value is YYYYMMDD[THHMMSS[Z]] (a PERIOD's
    /// end may be a duration), with a year in `years` outside VTIMEZONE observances.
    private mutating func checkDates(value: Range<Int>, name: ArraySlice<UInt8>, line: Int, checkYear: Bool) throws(InputProblem) {
        // Bytes only (this runs on every time line; 50,000 RDATEs must stay cheap).
        let u = bytes[value].contains(0x0A) ? ArraySlice(ICalendarScan.unfold(bytes[value])) : bytes[value]
        var lo = u.startIndex, hi = u.endIndex
        while lo < hi && (u[lo] == 0x20 || u[lo] == 0x09) { lo += 1 }
        while hi > lo && (u[hi - 1] == 0x20 || u[hi - 1] == 0x09) { hi -= 1 }
        func number(_ a: Int, _ n: Int) -> Int? {
            var v = 0
            for k in a..<(a + n) {
                let d = u[k]
                guard d >= 0x30 && d <= 0x39 else { return nil }
                v = v * 10 + Int(d - 0x30)
            }
            return v
        }
        func fail(_ a: Int, _ b: Int) -> InputProblem {
            let property = String(decoding: name, as: UTF8.self).uppercased()
            let part = String(decoding: u[a..<min(b, a + 40)], as: UTF8.self)
            return error(line, "\(property) value \"\(part)\" is not a date; write it as YYYYMMDD, YYYYMMDDTHHMMSS or YYYYMMDDTHHMMSSZ")
        }
        if lo == hi && (equalsIgnoringCase(name, "RDATE") || equalsIgnoringCase(name, "EXDATE")) {
            // An empty RDATE or EXDATE names no date: nothing to add or remove.
            warnings.append(InputProblem(file: file, line: line, message: "skipped an empty \(String(decoding: name, as: UTF8.self).uppercased())"))
            return
        }
        var start = lo
        var inPeriodEnd = false
        var k = lo
        while k <= hi {
            if k < hi && u[k] != 0x2C && u[k] != 0x2F { k += 1; continue }
            let isSlash = k < hi && u[k] == 0x2F
            let count = k - start
            // A PERIOD's end may be a duration (P…, +P…, -P…).
            let isDuration = inPeriodEnd && count > 0 && (u[start] == 0x50 || u[start] == 0x2B || u[start] == 0x2D)
            if !isDuration {
                guard count == 8 || count == 15 || (count == 16 && u[start + 15] == 0x5A),
                      let year = number(start, 4), let month = number(start + 4, 2), let day = number(start + 6, 2),
                      (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year)
                else { throw fail(start, k) }
                if count > 8 {
                    guard u[start + 8] == 0x54, let h = number(start + 9, 2), let m = number(start + 11, 2),
                          let s = number(start + 13, 2), h <= 23, m <= 59, s <= 60
                    else { throw fail(start, k) }
                }
                if checkYear && !Self.years.contains(year) {
                    let property = String(decoding: name, as: UTF8.self).uppercased()
                    throw error(line, "\(property) is in the year \(year); Tandem reads dates from \(Self.years.lowerBound) to \(Self.years.upperBound). Fix the date and export again")
                }
            }
            inPeriodEnd = isSlash && !inPeriodEnd
            k += 1
            start = k
        }
    }

    /// Whether `slice` spells `word` (ASCII upper case) in any case.
    @inline(__always)
    private func equalsIgnoringCase(_ slice: ArraySlice<UInt8>, _ word: StaticString) -> Bool {
        guard slice.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        var k = 0
        for b in slice {
            let upper = b >= 0x61 && b <= 0x7A ? b - 0x20 : b
            if upper != w[k] { return false }
            k += 1
        }
        return true
    }

    /// The bytes of `range`, spaces trimmed and ASCII letters upper-cased, as a String.
    private func upperTrimmed(_ range: Range<Int>) -> String {
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
        while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09) { hi -= 1 }
        return String(decoding: bytes[lo..<hi].map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
    }

    @inline(__always)
    private func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D
    }

    /// Notes the value of a TZID parameter among `params` (the text between name and ':').
    private mutating func recordTZID(params: Range<Int>, line: Int) {
        func upper(_ k: Int) -> UInt8 {
            let b = bytes[k]
            return b >= 0x61 && b <= 0x7A ? b - 0x20 : b
        }
        // Find "TZID=" at the start of a parameter (at the beginning or right after ';').
        var k = params.lowerBound
        var found = -1
        while k + 5 <= params.upperBound {
            if (k == params.lowerBound || bytes[k - 1] == 0x3B) && upper(k) == 0x54 && upper(k + 1) == 0x5A
                && upper(k + 2) == 0x49 && upper(k + 3) == 0x44 && bytes[k + 4] == 0x3D {
                found = k + 5
                break
            }
            k += 1
        }
        guard found >= 0 else { return }
        var start = found
        var end = found
        if start < params.upperBound && bytes[start] == 0x22 {
            start += 1
            end = start
            while end < params.upperBound && bytes[end] != 0x22 { end += 1 }
        } else {
            while end < params.upperBound && bytes[end] != 0x3B { end += 1 }
        }
        // Most time lines repeat the TZID of the one before: compare bytes, not Strings.
        if let last = lastTZID, bytes[start..<end].elementsEqual(bytes[last]) { return }
        lastTZID = start..<end
        let tzid = String(decoding: bytes[start..<end].filter { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
        if tzidLines[tzid] == nil { tzidLines[tzid] = line }
    }

    /// The upper-cased property name of a line.
    func name(of line: Line) -> String {
        String(decoding: Self.unfold(bytes[line.nameRange]), as: UTF8.self).uppercased()
    }

    /// `slice` with fold breaks (CRLF or LF plus one space or tab) removed.
    static func unfold(_ slice: ArraySlice<UInt8>) -> [UInt8] {
        guard slice.contains(0x0A) else { return Array(slice) }
        var out: [UInt8] = []
        var i = slice.startIndex
        while i < slice.endIndex {
            let b = slice[i]
            if b == 0x0D { i += 1; continue }
            if b == 0x0A {
                i += 1
                if i < slice.endIndex && (slice[i] == 0x20 || slice[i] == 0x09) { i += 1 }
                continue
            }
            out.append(b)
            i += 1
        }
        return out
    }

    /// The unfolded text of a logical line (fold breaks removed).
    func text(of line: Line) -> String {
        var out: [UInt8] = []
        var i = line.range.lowerBound
        while i < line.range.upperBound {
            if bytes[i] == 0x0D || bytes[i] == 0x0A {
                // Skip CRLF and the single leading whitespace of the continuation.
                while i < line.range.upperBound && (bytes[i] == 0x0D || bytes[i] == 0x0A) { i += 1 }
                if i < line.range.upperBound && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The `ordinal`-th (0-based) component named `name` in document order.
    func component(_ name: String, ordinal: Int) -> Component? {
        guard let list = byName[name], ordinal < list.count else { return nil }
        return components[list[ordinal]]
    }

    /// The line of the first property `name` of `component` whose unfolded text contains
    /// `fragment` (or of the first one named `name` when no text matches).
    func propertyLine(in component: Component, name: String, containing fragment: String? = nil) -> Int? {
        let candidates = component.properties.map { lines[$0] }.filter { self.name(of: $0) == name }
        if let fragment, !fragment.isEmpty,
           let hit = candidates.first(where: { text(of: $0).contains(fragment) }) {
            return hit.number
        }
        return candidates.first?.number
    }
}
