/// Zero-padded decimal numbers without `String(format:)`, which goes through Foundation's
/// formatter and costs about a microsecond a call: dates and times are written hundreds of
/// thousands of times per schedule.
public enum Digits {
    /// `n` in decimal, padded with zeros on the left to at least `width` digits (`padded(7, 2)` is "07").
    public static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n.magnitude)
        let pad = digits.count < width ? String(repeating: "0", count: width - digits.count) : ""
        return (n < 0 ? "-" : "") + pad + digits
    }
}
