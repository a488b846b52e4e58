public import TandemCalendar
public import TandemCore

extension BusyQuery {
    /// The busy intervals of the query's file on disk.
    public func run() throws(TandemError) -> [BusyInterval] {
        try run(files: DiskFiles())
    }
}
