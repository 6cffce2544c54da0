extension Connection {
    /// Runs `body` inside `BEGIN … COMMIT`; a thrown error rolls the transaction back.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if isOpen { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Runs `body` inside a savepoint: on return it is released, on a thrown error the work
    /// since the savepoint is rolled back and the surrounding transaction stays usable.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        let name = nextSavepointName()
        defer { releaseSavepointName() }
        try execute("SAVEPOINT \(name)")
        do {
            let value = try body()
            try execute("RELEASE SAVEPOINT \(name)")
            return value
        } catch {
            if isOpen {
                try? execute("ROLLBACK TO SAVEPOINT \(name)")
                try? execute("RELEASE SAVEPOINT \(name)")
            }
            throw error
        }
    }
}
