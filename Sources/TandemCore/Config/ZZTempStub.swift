import Foundation
import TandemCalendar
enum ICalendarReader {
    static func busyIntervals(in text: String, file: String, from: Date, to: Date, floatingZone: TimeZone) throws(CalendarFileError) -> [BusyInterval] { [] }
}
