import CLibical
import Foundation

/// Receives the spans of `icalcomponent_foreach_recurrence` through its context pointer.
/// One per read, reused for every event; the reader keeps it alive across each call.
final class SpanCollector {
    var starts: [Int] = []
}

/// A C function pointer cannot capture, so the collector travels in `data`.
private let collectSpan: @convention(c) (OpaquePointer?, UnsafeMutablePointer<icaltime_span>?, UnsafeMutableRawPointer?) -> Void = {
    _, span, data in
    guard let span, let data else { return }
    Unmanaged<SpanCollector>.fromOpaque(data).takeUnretainedValue().starts.append(Int(span.pointee.start))
}

extension BusyReader {
    /// Adds every busy occurrence of one VEVENT.
    ///
    /// libical 3.0.16's `icalcomponent_foreach_recurrence` expands RRULE and applies EXDATE
    /// (resolving EXDATE's TZID), but: it reads RDATE times ignoring their TZID (as UTC) and
    /// skips RDATE periods, so RDATEs are removed from the tree and expanded here; it knows
    /// nothing of RECURRENCE-ID overrides (`suppressed`); it widens DATE spans by a day less a
    /// second and treats floating times as UTC, so only the span *starts* are used, and all
    /// durations and zones are worked out here.
    mutating func expand(_ event: OpaquePointer, ordinal: Int, suppressed: Set<Int>,
                         future: [FutureOverride] = []) throws(InputProblem) {
        let props = Libical.FirstProperties(of: event)
        if let status = props.status, icalproperty_get_status(status) == ICAL_STATUS_CANCELLED { return }
        if !includingFree, let transp = props.transp {
            let value = icalproperty_get_transp(transp)
            if value == ICAL_TRANSP_TRANSPARENT || value == ICAL_TRANSP_TRANSPARENTNOCONFLICT { return }
        }

        let dtstart = props.dtstart.map { Libical.datetime(of: $0, in: event) } ?? icaltime_null_time()
        if Libical.isNull(dtstart) {
            let component = scan.component("VEVENT", ordinal: ordinal)
            let line = component.flatMap { scan.propertyLine(in: $0, name: "DTSTART") } ?? component?.beginLine
            throw error(line, "event has no usable DTSTART; every VEVENT needs a start such as DTSTART;TZID=Europe/London:20260915T150000 or DTSTART;VALUE=DATE:20260915")
        }

        let timing: EventTiming
        let isOverride = props.recurrenceID != nil
        let dtendProperty = props.dtend
        let durationProperty = props.duration
        var dtend: icaltimetype
        if let dtendProperty {
            // libical returns no end at all when DURATION is there too (Thunderbird writes
            // DURATION:PT0S on moved occurrences): DTEND wins.
            dtend = Libical.datetime(of: dtendProperty, in: event)
            if durationProperty != nil {
                warn(eventLine(ordinal, "DURATION"), "this event has both DTEND and DURATION; DTEND is read and DURATION ignored")
            }
            // A floating DTEND with a zoned DTSTART (Sunbird, old Lightning) is in the start's zone.
            if dtend.zone == nil && dtend.is_date == 0 && dtstart.zone != nil { dtend.zone = dtstart.zone }
        } else if let durationProperty {
            let duration = icalproperty_get_duration(durationProperty)
            let seconds = Int(icaldurationtype_as_int(duration))
            guard icaldurationtype_is_bad_duration(duration) == 0, duration.is_neg == 0,
                  duration.weeks <= 520, duration.days <= 3660, seconds >= 0, seconds <= 10 * 366 * 86_400 else {
                throw error(eventLine(ordinal, "DURATION"), "DURATION is negative or longer than ten years; write it like PT1H30M or P1D")
            }
            dtend = icaltime_add(dtstart, duration)
        } else {
            dtend = icaltime_null_time()
        }
        if dtstart.is_date != 0 {
            let startDay = LocalDate(year: Int(dtstart.year), month: Int(dtstart.month), day: Int(dtstart.day))
            var days = 1
            if !Libical.isNull(dtend) {
                let endDay = LocalDate(year: Int(dtend.year), month: Int(dtend.month), day: Int(dtend.day))
                if endDay.dayNumber < startDay.dayNumber {
                    throw error(eventLine(ordinal, "DTEND"), "DTEND \(endDay) is before DTSTART \(startDay); an all-day event's DTEND is the day after its last day")
                }
                days = max(1, endDay.dayNumber - startDay.dayNumber)  // DTEND of a DATE is exclusive
            }
            timing = .allDay(days: days)
        } else {
            // No DTEND and no DURATION: the event takes no time (RFC 5545 §3.6.1).
            guard !Libical.isNull(dtend) else { return }
            let seconds = Libical.raw(dtend) - Libical.raw(dtstart)
            if seconds < 0 {
                throw error(eventLine(ordinal, "DTEND"), "DTEND is before DTSTART; the event would end before it starts. Fix its end time and export again")
            }
            guard seconds > 0 else { return }
            timing = dtstart.zone == nil ? .floating(seconds: seconds) : .zoned(seconds: seconds)
        }

        let summary: String
        if let p = props.summary, let s = icalproperty_get_summary(p), s.pointee != 0 {
            summary = String(cString: s)
        } else {
            summary = "Busy"
        }

        let rrule = props.rrule
        if let rrule, !isOverride {
            var recur = icalproperty_get_rrule(rrule)
            let freq = recur.freq
            if freq == ICAL_SECONDLY_RECURRENCE || freq == ICAL_MINUTELY_RECURRENCE {
                throw error(eventLine(ordinal, "RRULE"), "RRULE repeats every second or minute; Tandem reads rules from HOURLY up. Remove the rule or export the calendar again")
            }
            // libical 3.0 fires YEARLY;BYMONTHDAY (no BYMONTH) only in DTSTART's month; RFC 5545
            // means every month. With INTERVAL=1 and no BYSETPOS it is the same set as MONTHLY.
            if freq == ICAL_YEARLY_RECURRENCE, recur.interval <= 1, Self.isEmpty(recur.by_month),
               !Self.isEmpty(recur.by_month_day), Self.isEmpty(recur.by_year_day), Self.isEmpty(recur.by_week_no),
               Self.isEmpty(recur.by_set_pos) {
                recur.freq = ICAL_MONTHLY_RECURRENCE
                icalproperty_set_rrule(rrule, recur)
            }
        }
        let hasRule = rrule != nil && !isOverride
        let rdates = isOverride || props.rdate == nil ? [] : Libical.properties(of: event, kind: ICAL_RDATE_PROPERTY)
        if isOverride && rrule != nil {
            warn(eventLine(ordinal, "RRULE"), "an override (RECURRENCE-ID) carries its own RRULE; only the occurrence it replaces is read")
        }
        if isOverride || (!hasRule && rdates.isEmpty && props.exdate == nil) {
            // A plain single event (most of any calendar): its one span, without the detour
            // through foreach_recurrence.
            let raw = Libical.raw(dtstart)
            if !suppressed.contains(raw) { add(raw: raw, kind: timing, summary: summary) }
            return
        }

        let moved = future.map { self.moved(by: $0, master: timing, summary: summary) }
        var seen: Set<Int> = []
        var target = event  // what libical expands
        if !rdates.isEmpty {
            // Exclusions for our own RDATE handling (foreach_recurrence applies EXDATE to RRULE).
            var excludedTimes: Set<Int> = suppressed
            var excludedDays: Set<Int> = []
            for exdate in Libical.properties(of: event, kind: ICAL_EXDATE_PROPERTY) {
                let t = Libical.datetime(of: exdate, in: event)
                if Libical.isNull(t) { continue }
                if t.is_date != 0 {
                    excludedDays.insert(LocalDate(year: Int(t.year), month: Int(t.month), day: Int(t.day)).dayNumber)
                } else {
                    excludedTimes.insert(Libical.raw(t))
                }
            }
            for rdate in rdates {
                addRDate(rdate, of: event, timing: timing, summary: summary,
                         excludedTimes: excludedTimes, excludedDays: excludedDays, seen: &seen, future: future, moved: moved)
            }
            if intervals.count > ICalendarReader.maxOccurrences {
                throw error(eventLine(ordinal, "RDATE"), "the calendar has more than \(ICalendarReader.maxOccurrences) busy occurrences inside the programme; Tandem reads at most that many per calendar")
            }
            // Without a rule there is nothing more: the RDATEs and DTSTART are the occurrences.
            if !hasRule {
                let first = Libical.raw(dtstart)
                if !suppressed.contains(first), !isExcluded(first, dtstart, event), seen.insert(first).inserted {
                    add(raw: first, kind: timing, summary: summary)
                }
                return
            }
            // foreach_recurrence would add the RDATEs again, wrongly: expand a copy without them.
            // (Removing them is quadratic: libical's remove walks the whole list every time.)
            let copy = icalcomponent_new(ICAL_VEVENT_COMPONENT)!
            for kind in [ICAL_UID_PROPERTY, ICAL_DTSTART_PROPERTY, ICAL_DTEND_PROPERTY, ICAL_DURATION_PROPERTY,
                         ICAL_RRULE_PROPERTY, ICAL_EXRULE_PROPERTY, ICAL_EXDATE_PROPERTY] {
                for p in Libical.properties(of: event, kind: kind) { icalcomponent_add_property(copy, icalproperty_new_clone(p)) }
            }
            if let parent = icalcomponent_get_parent(event) { icalcomponent_add_component(parent, copy) }
            target = copy
        }
        defer {
            if target != event {
                if let parent = icalcomponent_get_parent(target) { icalcomponent_remove_component(parent, target) }
                icalcomponent_free(target)
            }
        }
        if let rrule { try checkExpansionSize(icalproperty_get_rrule(rrule), dtstart: dtstart, ordinal: ordinal) }
        // DTSTART is always an instance unless an EXDATE names it: decided before the EXDATEs are rewritten.
        let first = Libical.raw(dtstart)
        let firstExcluded = isExcluded(first, dtstart, event)
        // A series in an IANA zone is expanded in its wall time (RFC 5545 §3.3.10: the rule steps
        // through local time) and each start is placed by the IANA rules afterwards, so libical
        // converts no time at all; any other zoned series has its EXDATEs resolved to UTC once.
        let wallZone = dtstart.zone != nil && dtstart.is_date == 0 && icaltime_is_utc(dtstart) == 0
            ? Libical.ianaZone(dtstart.zone).map(ZoneOffsets.shared) : nil
        if let wallZone {
            toWallTime(target, dtstart: dtstart, timing: timing, zone: wallZone)
        } else if dtstart.zone != nil && dtstart.is_date == 0 {
            exdatesInUTC(of: target)
        }

        // Query libical with a margin: its window is in UTC, floating/DATE spans are wall
        // times read as UTC, and its own overlap test is not half-open. Exact filtering
        // happens in `add`.
        let margin = 2 * 86_400
        let span: Int
        switch timing {
        case .allDay(let days): span = days * 86_400
        case .floating(let seconds), .zoned(let seconds): span = seconds
        }
        let reach = moved.map { abs($0.shift) }.max() ?? 0
        let low = Int(from.timeIntervalSince1970.rounded(.down)) - margin - span - reach
        let high = Int(to.timeIntervalSince1970.rounded(.up)) + margin + reach
        startHourlyNear(low, event: target, dtstart: dtstart)
        let utc = icaltimezone_get_utc_timezone()
        collector.starts.removeAll(keepingCapacity: true)
        icalcomponent_foreach_recurrence(
            target,
            icaltime_from_timet_with_zone(time_t(low), 0, utc),
            icaltime_from_timet_with_zone(time_t(high), 0, utc),
            collectSpan,
            Unmanaged.passUnretained(collector).toOpaque())

        if let wallZone {
            for k in collector.starts.indices { collector.starts[k] = Libical.instant(wall: collector.starts[k], in: wallZone) }
        }
        if collector.starts.count > ICalendarReader.maxOccurrences {
            throw error(eventLine(ordinal, "RRULE"), "this series has more than \(ICalendarReader.maxOccurrences) occurrences inside the programme; Tandem reads at most that many per calendar")
        }
        // DTSTART is always the first instance (RFC 5545 §3.8.5.3), even when the rule would
        // not produce it; libical leaves it out then.
        if hasRule, !suppressed.contains(first), collector.starts.first != first, !collector.starts.contains(first),
           !firstExcluded {
            if seen.isEmpty || seen.insert(first).inserted { add(raw: first, kind: timing, summary: summary) }
        }
        // Two RRULEs (or RDATEs) may name the same start: one occurrence.
        let dedupe = !seen.isEmpty || Libical.properties(of: target, kind: ICAL_RRULE_PROPERTY).count > 1
        for raw in collector.starts where !suppressed.contains(raw) {
            if dedupe && !seen.insert(raw).inserted { continue }
            if !moved.isEmpty, let k = future.lastIndex(where: { $0.recurrenceID < raw }) {
                // After a THISANDFUTURE override: moved like it, with its length (or gone).
                if let kind = moved[k].kind { add(raw: raw + moved[k].shift, kind: kind, summary: moved[k].summary) }
                continue
            }
            add(raw: raw, kind: timing, summary: summary)
        }
        if intervals.count > ICalendarReader.maxOccurrences {
            throw error(eventLine(ordinal, "RRULE"), "the calendar has more than \(ICalendarReader.maxOccurrences) busy occurrences inside the programme; Tandem reads at most that many per calendar. Export only the calendars that matter")
        }
    }

    /// The most steps libical may take to expand one rule over the window.
    static let maxExpansionSteps = 1_000_000

    /// Refuses a rule whose expansion over the window (from DTSTART when it has a COUNT, as
    /// libical iterates then) would take more than `maxExpansionSteps`, before expanding it.
    func checkExpansionSize(_ recur: icalrecurrencetype, dtstart: icaltimetype, ordinal: Int) throws(InputProblem) {
        let period: Double
        var perPeriod = 1.0
        func count<T>(_ list: T) -> Double {
            withUnsafeBytes(of: list) { raw in
                let values = raw.bindMemory(to: Int16.self)
                return Double(max(1, values.firstIndex(of: Int16(ICAL_RECURRENCE_ARRAY_MAX.rawValue)) ?? values.count))
            }
        }
        switch recur.freq {
        case ICAL_HOURLY_RECURRENCE: period = 3600
        case ICAL_DAILY_RECURRENCE: period = 86_400; perPeriod = count(recur.by_hour)
        case ICAL_WEEKLY_RECURRENCE: period = 604_800; perPeriod = count(recur.by_hour) * count(recur.by_day)
        case ICAL_MONTHLY_RECURRENCE: period = 2_629_746; perPeriod = count(recur.by_hour) * 31
        default: period = 31_556_952; perPeriod = count(recur.by_hour) * 366
        }
        perPeriod *= count(recur.by_minute) * count(recur.by_second)
        let start = Double(Libical.raw(dtstart))
        var end = to.timeIntervalSince1970 + 2 * 86_400
        if !Libical.isNull(recur.until) { end = min(end, Double(Libical.raw(recur.until))) }
        let begin = recur.count > 0 ? start : max(start, from.timeIntervalSince1970 - 2 * 86_400)
        var steps = max(0, end - begin) / (period * Double(max(1, recur.interval))) * perPeriod
        if recur.count > 0 { steps = min(steps, Double(recur.count) * perPeriod) }
        if steps > Double(Self.maxExpansionSteps) {
            throw error(eventLine(ordinal, "RRULE"), "this RRULE would take more than \(Self.maxExpansionSteps) steps to expand over the programme (it repeats too often for too long); Tandem reads at most \(ICalendarReader.maxOccurrences) busy occurrences per calendar. Remove the rule or export only the programme's months")
        }
    }

    /// Whether a BY… list of a recurrence rule is empty (libical ends lists with ARRAY_MAX).
    static func isEmpty<T>(_ list: T) -> Bool {
        withUnsafeBytes(of: list) { $0.load(as: Int16.self) == Int16(ICAL_RECURRENCE_ARRAY_MAX.rawValue) }
    }

    /// How a THISANDFUTURE override moves later occurrences: the shift of its start from its
    /// RECURRENCE-ID, its own length, its summary; `kind` nil when it cancels them.
    func moved(by override: FutureOverride, master: EventTiming, summary: String) -> (shift: Int, kind: EventTiming?, summary: String) {
        let event = override.event
        let start = Libical.dtstart(of: event)
        guard !Libical.isNull(start) else { return (0, master, summary) }
        let shift = Libical.raw(start) - override.recurrenceID
        let cancelled = icalcomponent_get_status(event) == ICAL_STATUS_CANCELLED
            || (!includingFree && icalcomponent_get_first_property(event, ICAL_TRANSP_PROPERTY).map {
                let v = icalproperty_get_transp($0)
                return v == ICAL_TRANSP_TRANSPARENT || v == ICAL_TRANSP_TRANSPARENTNOCONFLICT
            } == true)
        let own = icalcomponent_get_summary(event).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? summary
        if cancelled { return (shift, nil, own) }
        var kind = master
        if start.is_date == 0, case .allDay = master {} else if start.is_date == 0 {
            var seconds: Int?
            if let p = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY) {
                var end = Libical.datetime(of: p, in: event)
                if end.zone == nil && end.is_date == 0 && start.zone != nil { end.zone = start.zone }
                if !Libical.isNull(end) { seconds = Libical.raw(end) - Libical.raw(start) }
            } else if let p = icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY) {
                seconds = Int(icaldurationtype_as_int(icalproperty_get_duration(p)))
            }
            if let seconds, seconds > 0, seconds <= 10 * 366 * 86_400 {
                kind = start.zone == nil ? .floating(seconds: seconds) : .zoned(seconds: seconds)
            }
        }
        return (shift, kind, own)
    }

    /// libical 3.0 starts an HOURLY;INTERVAL>1 rule without COUNT at the window's start, off
    /// the rule's own hours; moving DTSTART forward by whole intervals keeps the same series
    /// and lets the expansion begin at DTSTART's phase (DTSTART itself is added separately).
    private func startHourlyNear(_ low: Int, event: OpaquePointer, dtstart: icaltimetype) {
        guard let rrule = icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY),
              let property = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY) else { return }
        let recur = icalproperty_get_rrule(rrule)
        guard recur.freq == ICAL_HOURLY_RECURRENCE, recur.interval > 1, recur.count == 0 else { return }
        let step = Int(recur.interval) * 3600
        let steps = (low - Libical.raw(dtstart)) / step - 1
        guard steps > 0 else { return }
        var moved = dtstart
        icaltime_adjust(&moved, 0, Int32(steps * Int(recur.interval)), 0, 0)
        // The value is written as plain local time; the property keeps its TZID parameter.
        if moved.zone != nil && icaltime_is_utc(moved) == 0 { moved.zone = nil }
        icalproperty_set_dtstart(property, moved)
        // DTEND moves with it, or libical sees a negative length.
        if let endProperty = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY) {
            var end = icalproperty_get_dtend(endProperty)
            icaltime_adjust(&end, 0, Int32(steps * Int(recur.interval)), 0, 0)
            icalproperty_set_dtend(endProperty, end)
        }
    }

    /// Whether an EXDATE of `event` names the occurrence at `raw`.
    private func isExcluded(_ raw: Int, _ start: icaltimetype, _ event: OpaquePointer) -> Bool {
        for exdate in Libical.properties(of: event, kind: ICAL_EXDATE_PROPERTY) {
            let t = Libical.datetime(of: exdate, in: event)
            if Libical.isNull(t) { continue }
            if t.is_date != 0 {
                if Int(t.year) == Int(start.year) && Int(t.month) == Int(start.month) && Int(t.day) == Int(start.day) { return true }
            } else if Libical.raw(t) == raw {
                return true
            }
        }
        return false
    }

    /// Adds the occurrence an RDATE names (a DATE, DATE-TIME or PERIOD).
    private mutating func addRDate(
        _ rdate: OpaquePointer, of event: OpaquePointer, timing: EventTiming, summary: String,
        excludedTimes: Set<Int>, excludedDays: Set<Int>, seen: inout Set<Int>,
        future: [FutureOverride] = [], moved: [(shift: Int, kind: EventTiming?, summary: String)] = []
    ) {
        let value = icalproperty_get_rdate(rdate)
        // The value carries no zone even when the property has a TZID: resolve it here.
        var zone: OpaquePointer?
        if let param = icalproperty_get_first_parameter(rdate, ICAL_TZID_PARAMETER),
           let tzid = icalparameter_get_tzid(param) {
            zone = Libical.zone(tzid: String(cString: tzid), calendar: icalcomponent_get_parent(event))
        }
        func resolved(_ t: icaltimetype) -> icaltimetype {
            var t = t
            if t.zone == nil && t.is_date == 0, let zone { t.zone = zone }
            return t
        }

        var kind = timing
        let startTime: icaltimetype
        if !Libical.isNull(value.time) {
            startTime = resolved(value.time)
        } else if !Libical.isNull(value.period.start) {
            startTime = resolved(value.period.start)
            let start = Libical.raw(startTime)
            let end = Libical.isNull(value.period.end)
                ? start + Int(icaldurationtype_as_int(value.period.duration))
                : Libical.raw(resolved(value.period.end))
            guard end > start else { return }
            kind = startTime.zone == nil ? .floating(seconds: end - start) : .zoned(seconds: end - start)
        } else {
            return
        }
        let raw = Libical.raw(startTime)
        if startTime.is_date != 0 {
            let day = LocalDate(year: Int(startTime.year), month: Int(startTime.month), day: Int(startTime.day))
            if excludedDays.contains(day.dayNumber) { return }
            if case .allDay = kind {} else { kind = .allDay(days: 1) }
        } else {
            if excludedTimes.contains(raw) { return }
            let day = LibicalValues.floorDiv(raw, 86_400)
            if startTime.zone == nil, excludedDays.contains(day) { return }
        }
        guard seen.insert(raw).inserted else { return }
        if !moved.isEmpty, let k = future.lastIndex(where: { $0.recurrenceID < raw }) {
            // After a THISANDFUTURE override an RDATE moves like the rule's occurrences.
            if let movedKind = moved[k].kind { add(raw: raw + moved[k].shift, kind: movedKind, summary: moved[k].summary) }
            return
        }
        add(raw: raw, kind: kind, summary: summary)
    }

    /// Rewrites a series whose DTSTART is a wall time in an IANA zone (`zone`) into floating wall
    /// time for libical to expand: DTSTART and DTEND lose their TZID, each RRULE/EXRULE's UTC
    /// UNTIL becomes the zone's wall time of that instant, and each DATE-TIME EXDATE becomes the
    /// zone's wall time of the instant it names. Stepping, UNTIL and EXDATE then compare wall
    /// times, which order as their instants do (inside a repeated autumn hour both readings of a
    /// wall time are the same occurrence, which is RFC 5545's reading too).
    private func toWallTime(_ event: OpaquePointer, dtstart: icaltimetype, timing: EventTiming, zone: ZoneOffsets) {
        func wall(_ instant: Int) -> icaltimetype { LibicalValues.wallTime(instant + zone.offset(at: instant)) }
        var start = dtstart
        start.zone = nil
        if let p = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY) {
            icalproperty_remove_parameter_by_kind(p, ICAL_TZID_PARAMETER)
            icalproperty_set_dtstart(p, start)
        }
        if case .zoned(let seconds) = timing, let p = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY) {
            icalproperty_remove_parameter_by_kind(p, ICAL_TZID_PARAMETER)
            icalproperty_set_dtend(p, LibicalValues.wallTime(LibicalValues.wallSeconds(start) + seconds))
        }
        for kind in [ICAL_RRULE_PROPERTY, ICAL_EXRULE_PROPERTY] {
            for p in Libical.properties(of: event, kind: kind) {
                var recur = kind == ICAL_RRULE_PROPERTY ? icalproperty_get_rrule(p) : icalproperty_get_exrule(p)
                guard !Libical.isNull(recur.until), recur.until.is_date == 0, icaltime_is_utc(recur.until) != 0 else { continue }
                recur.until = wall(Libical.raw(recur.until))
                if kind == ICAL_RRULE_PROPERTY { icalproperty_set_rrule(p, recur) } else { icalproperty_set_exrule(p, recur) }
            }
        }
        for exdate in Libical.properties(of: event, kind: ICAL_EXDATE_PROPERTY) {
            let t = Libical.datetime(of: exdate, in: event)
            guard !Libical.isNull(t), t.is_date == 0 else { continue }
            // A floating EXDATE of a zoned series is read as the series' own wall time.
            let local = t.zone == nil ? t : (t.zone == dtstart.zone ? { var u = t; u.zone = nil; return u }() : wall(Libical.raw(t)))
            icalproperty_remove_parameter_by_kind(exdate, ICAL_TZID_PARAMETER)
            icalproperty_set_exdate(exdate, local)
        }
    }

    /// Rewrites the zoned DATE-TIME EXDATEs of `event` (whose DTSTART is zoned) as UTC times.
    ///
    /// `icalcomponent_foreach_recurrence` resolves every EXDATE's TZID again for each occurrence
    /// it checks: with no VTIMEZONE of that name in the file, a linear search of libical's zone
    /// table. Between two zoned times libical compares in UTC (or field by field in one zone, which
    /// is the same), so an EXDATE resolved once to UTC excludes exactly the same occurrences.
    private func exdatesInUTC(of event: OpaquePointer) {
        for exdate in Libical.properties(of: event, kind: ICAL_EXDATE_PROPERTY)
        where icalproperty_get_first_parameter(exdate, ICAL_TZID_PARAMETER) != nil {
            let t = Libical.datetime(of: exdate, in: event)
            guard !Libical.isNull(t), t.is_date == 0, t.zone != nil, icaltime_is_utc(t) == 0 else { continue }
            icalproperty_remove_parameter_by_kind(exdate, ICAL_TZID_PARAMETER)
            icalproperty_set_exdate(exdate, icaltime_convert_to_zone(t, icaltimezone_get_utc_timezone()))
        }
    }
}
