extension String {
    /// The first `limit` characters, and whether anything was cut. Lengths count characters; a
    /// string of at most `limit` UTF-8 bytes is returned whole without counting.
    public func prefix(characters limit: Int) -> (text: Substring, cut: Bool) {
        guard utf8.count > limit, let end = index(startIndex, offsetBy: limit, limitedBy: endIndex), end < endIndex
        else { return (self[...], false) }
        return (self[..<end], true)
    }
}
