internal import Glibc

/// One entry of a directory stream, its name copied out of the kernel's record.
struct DirectoryEntry {
    /// A file name as the kernel gave it: NUL-terminated bytes, not necessarily UTF-8.
    struct Name {
        /// The name's bytes followed by one NUL.
        var bytes: [CChar]
        /// The name for messages (invalid UTF-8 replaced).
        var display: String { String(decoding: bytes.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    }

    var name: Name
    var type: UInt8

    /// Whether the entry is a folder (symbolic links are not), asking the file system when the
    /// directory stream does not say.
    func isFolder(in folder: Int32) -> Bool {
        if type != UInt8(DT_UNKNOWN) { return type == UInt8(DT_DIR) }
        var info = stat()
        return fstatat(folder, name.bytes, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Calls `body` with every entry of the open folder `folder` but `.` and `..`.
    ///
    /// `readdir(3)`: a record is `d_reclen` bytes long and its name ends at its NUL; the kernel's
    /// record may be shorter than `sizeof(struct dirent)` and end at the end of the buffer, so
    /// the name is read through a pointer up to its NUL, never by copying the 256-byte field.
    static func forEach(in folder: Int32, path: String, _ body: (DirectoryEntry) throws -> Void) throws {
        let reader = dup(folder)
        guard reader >= 0 else { throw SystemError(operation: "read folder", path: path, code: errno) }
        guard let stream = fdopendir(reader) else {
            let code = errno
            close(reader)
            throw SystemError(operation: "read folder", path: path, code: code)
        }
        defer { closedir(stream) }
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        while let record = readdir(stream) {
            let namePointer = UnsafeRawPointer(record).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self)
            let length = strlen(namePointer)
            let bytes = Array(UnsafeBufferPointer(start: namePointer, count: length + 1))
            if bytes == [46, 0] || bytes == [46, 46, 0] { continue }
            try body(DirectoryEntry(name: Name(bytes: bytes), type: record.pointee.d_type))
        }
    }
}
