/// Paths inside programme.yaml: relative to the yaml's folder, shown as derived, stored absolute.
struct ConfigPath: Hashable, Sendable {
    /// The path as messages show it: the yaml's folder joined with the value, lexically normalised.
    var display: String
    /// The same file as an absolute, normalised path.
    var absolute: String
    /// The folder `~/` stands for, carried along from the programme file's path.
    var home: String

    /// The path of programme.yaml itself, as the user gave it (relative to `currentDirectory`).
    init(given path: String, currentDirectory: String, home: String) {
        display = path
        absolute = ConfigPath.normalize(ConfigPath.join(currentDirectory, path))
        self.home = home
    }

    /// `value` (from inside the file at `base`) resolved against `base`'s folder.
    init(_ value: String, relativeTo base: ConfigPath) {
        let expanded = value.hasPrefix("~/") ? ConfigPath.join(base.home, String(value.dropFirst(2))) : value
        display = ConfigPath.normalize(ConfigPath.join(ConfigPath.folder(of: base.display), expanded))
        absolute = ConfigPath.normalize(ConfigPath.join(ConfigPath.folder(of: base.absolute), expanded))
        home = base.home
    }

    /// `name` inside this folder.
    func appending(_ name: String) -> ConfigPath {
        var p = self
        p.display = ConfigPath.normalize(ConfigPath.join(display, name))
        p.absolute = ConfigPath.normalize(ConfigPath.join(absolute, name))
        return p
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func join(_ base: String, _ path: String) -> String {
        if path.hasPrefix("/") || base.isEmpty { return path }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }

    /// Removes `.`, empty components and `dir/..` pairs without touching the file system.
    static func normalize(_ path: String) -> String {
        let isAbsolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." { parts.removeLast() } else if !isAbsolute { parts.append(part) }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if isAbsolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
