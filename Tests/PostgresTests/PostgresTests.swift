import FoundationEssentials
import LocalPostgres
import Postgres
import TestSupport
import Testing

@Suite struct PostgresTests {
    @Test func parametersAreBoundNotSpliced() throws {
        let connection = try TestDatabase().connect()
        let hostile = "'); DROP TABLE x; --"
        let row = try connection.query(
            "SELECT $1::text AS v, $2::int AS n, $3::text IS NULL AS isnull", [hostile, 42, String?.none]
        ).first
        #expect(row?["v"] == hostile)
        #expect(row?.int("n") == 42)
        #expect(row?.bool("isnull") == true)
    }

    @Test func serverErrorsCarrySQLStateAndDetail() throws {
        let connection = try TestDatabase().connect()
        try connection.execute("CREATE TABLE u (id int PRIMARY KEY)")
        try connection.query("INSERT INTO u VALUES (1)")
        let error = try #require(throws: PostgresError.self) { try connection.query("INSERT INTO u VALUES (1)") }
        #expect(error.kind == .server)
        #expect(error.sqlState == "23505")
        #expect(error.detail?.contains("(id)=(1)") == true)
        #expect(!error.isFatal)
        #expect(connection.isOpen)
    }

    @Test func transactionsRollBackOnThrowAndSavepointsKeepTheRest() throws {
        let connection = try TestDatabase().connect()
        try connection.execute("CREATE TABLE v (id int PRIMARY KEY)")
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try connection.transaction {
                try connection.query("INSERT INTO v VALUES (1)")
                throw Boom()
            }
        }
        try connection.transaction {
            try connection.query("INSERT INTO v VALUES (2)")
            #expect(throws: PostgresError.self) {
                try connection.savepoint { try connection.query("INSERT INTO v VALUES (2)") }
            }
            try connection.query("INSERT INTO v VALUES (3)")
        }
        let ids = try connection.query("SELECT id FROM v ORDER BY id").rows.compactMap { $0.int("id") }
        #expect(ids == [2, 3])
    }

    @Test func streamingHandsOverEveryRowAndCancelsOnThrow() throws {
        let connection = try TestDatabase().connect()
        var sum = 0
        var count = 0
        try connection.stream("SELECT g FROM generate_series(1, $1::int) g", [200_000]) { row in
            sum += row.int("g") ?? 0
            count += 1
        }
        #expect(count == 200_000)
        #expect(sum == 200_000 * 200_001 / 2)
        struct Enough: Error {}
        var seen = 0
        #expect(throws: Enough.self) {
            try connection.stream("SELECT g FROM generate_series(1, 50000000) g") { _ in
                seen += 1
                if seen == 10 { throw Enough() }
            }
        }
        #expect(seen == 10)
        #expect(try connection.query("SELECT 1 AS one").first?.int("one") == 1)
    }

    @Test func copyInLoadsEscapedText() throws {
        let connection = try TestDatabase().connect()
        try connection.execute("CREATE TABLE c (a text, b text)")
        let values = ["tab\there", "new\nline", "back\\slash", "🚀 <script>"]
        try connection.copyIn("COPY c (a, b) FROM STDIN") { write in
            for value in values { try write(CopyText.line([value, nil])) }
        }
        let rows = try connection.query("SELECT a, b IS NULL AS n FROM c").rows
        #expect(rows.map { $0["a"] } == values)
        #expect(rows.allSatisfy { $0.bool("n") == true })
    }

    @Test func connectionFailureNamesTheTargetButNotThePassword() {
        let error = #expect(throws: PostgresError.self) {
            try Connection(url: "host=127.0.0.1 port=1 dbname=ghost user=bob password=hunter2 connect_timeout=2")
        }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.description.contains("host 127.0.0.1 port 1 database ghost") == true)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func aTerminatedBackendIsAConnectionLoss() throws {
        let connection = try TestDatabase().connect()
        let error = try #require(throws: PostgresError.self) {
            try connection.query("SELECT pg_terminate_backend(pg_backend_pid()), pg_sleep(5)")
        }
        #expect(error.kind == .connectionLost)
        #expect(error.isFatal)
        #expect(!connection.isOpen)
    }

    /// The private cluster (demo, tests) lets no local user in without its generated password,
    /// over TCP or its socket.
    @Test func thePrivateClusterNeedsItsPassword() throws {
        guard let cluster = try TestCluster.cluster() else { return }
        let url = cluster.connectionString()
        #expect(try Connection(url: url).query("SELECT 1").first?.int("?column?") == 1)
        let withoutPassword = url.replacing(/\ password=\S+/, with: "")
        #expect(withoutPassword != url)
        #expect(throws: PostgresError.self) { try Connection(url: withoutPassword) }
        #expect(throws: PostgresError.self) {
            try Connection(url: "host=\(cluster.dataDirectory.path) port=\(cluster.port) user=postgres dbname=postgres")
        }
        #expect(throws: PostgresError.self) { try Connection(url: withoutPassword + " password=wrong") }
    }
}
