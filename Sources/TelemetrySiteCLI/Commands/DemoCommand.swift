import ArgumentParser
import DemoData
import Foundation
import LocalPostgres
import Postgres
import RunSummaries
import Server
import SiteBuilder
import SiteTemplates
import Telemetry

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The embedded default: a private PostgreSQL seeded with demo data, a full backfill, then the site.",
        discussion:
            "The cluster lives under --data-dir (a temporary folder when the postgres user cannot reach it) and is stopped at the end."
    )

    @Option(name: .customLong("data-dir"), help: "Folder for the private PostgreSQL cluster.")
    var dataDirectory: String = ".data"

    @Option(name: .customLong("state-dir"), help: "Folder for run records and build state.")
    var stateDirectory: String = ".telemetry-site"

    @Option(help: "Trade lifecycles to seed into an empty demo database.")
    var trades: Int = 400

    @OptionGroup var site: SiteOptions

    @Flag(name: .customLong("no-serve"), help: "Stop after the build instead of serving the site.")
    var noServe = false

    @Option(help: "Port to serve the demo site on.")
    var port: Int = 8080

    @Flag(
        name: .customLong("psql"),
        help:
            "Open psql on the demo database (started, and seeded if new) instead of the demo; stops it when psql exits."
    )
    var psql = false

    @Flag(
        name: .customLong("database-only"),
        help:
            "Start the demo database (seeded if new), print its DATABASE_URL and keep it running until Enter or end of input, so other commands can use it."
    )
    var databaseOnly = false

    func validate() throws {
        if psql && databaseOnly { throw ValidationError("--psql and --database-only exclude each other") }
    }

    func run() async throws {
        let folder = URL(fileURLWithPath: dataDirectory, isDirectory: true).appendingPathComponent("postgres")
        Console.out("starting a private PostgreSQL in \(folder.path) …")
        let cluster = try LocalPostgres.start(in: folder, fastAndUnsafe: false)
        defer { cluster.stop() }
        Console.out("PostgreSQL listening on 127.0.0.1:\(cluster.port) (data in \(cluster.dataDirectory.path))")
        let (url, seeded) = try DemoDatabase.prepare(on: cluster, trades: trades)
        if psql { return try DemoDatabase.shell(url: url) }
        if databaseOnly { return DemoDatabase.hold(url: url) }
        let shared = try SharedOptions.made(databaseURL: url, stateDirectory: stateDirectory)
        let runner = BackfillRunner(shared: shared)
        let (status, result) = runner.run(
            BackfillOptions(limit: BackfillLimit(requested: BackfillLimit.range.upperBound), all: true))
        if seeded && status == ExitStatus.done {
            // Two nights, so the site shows what changed: the first night's site (backfilled),
            // then a night of new webhooks with a new failure mode and an hour the log was down,
            // and the rebuild. The outage's signals are left for the "Run backfill" button.
            Console.out("building the site of the first night …")
            let (first, _) = SiteRunner(shared: shared, site: site).run()
            if first != ExitStatus.done { throw ExitCode(first) }
            let night = try DemoDatabase.nextNight(url: url, after: trades)
            Console.out(
                "the next night: \(night.telemetry) new live telemetry rows for \(night.trades) trades; "
                    + "\(night.unlogged) signals arrived while the log was down, left for Run backfill")
        }
        let (built, report) = SiteRunner(shared: shared, site: site).run()
        if let summary = result.flatMap({ runner.summary(of: $0, trends: report?.errorTrends) }) {
            Console.out("")
            Console.out(summary.markdown())
        }
        if built == ExitStatus.done {
            let index = URL(fileURLWithPath: site.out).appendingPathComponent("index.html").standardizedFileURL
            Console.out("open the site: file://\(index.path)")
        }
        if status != ExitStatus.done { throw ExitCode(status) }
        if built != ExitStatus.done { throw ExitCode(built) }
        if noServe { return }
        let users = shared.stateURL.appendingPathComponent("demo-users.htpasswd")
        let password = String(Session.randomToken().prefix(16))
        try UserStore.set(user: "demo", password: password, in: users, cost: 10)
        Console.out("log in as demo / \(password)   (Ctrl-C stops the server and the private PostgreSQL)")
        try await Serving.run(
            ServerOptions(
                site: URL(fileURLWithPath: site.out, isDirectory: true), port: port, users: users, databaseURL: url,
                stateDirectory: shared.stateURL,
                templates: site.templates.map { URL(fileURLWithPath: $0, isDirectory: true) },
                defaultTemplates: TemplateSet.defaultFolder()))
    }
}

/// The demo database on a private cluster: created and seeded the first time.
enum DemoDatabase {
    static let name = "telemetry_demo"

    /// The demo database's URL, and whether it was seeded now (false: it already was).
    static func prepare(on cluster: LocalPostgres, trades: Int) throws -> (url: String, seeded: Bool) {
        try Seeder.createDatabase(name, through: Connection(url: cluster.connectionString()))
        let url = cluster.connectionString(database: name)
        let seeder = try Seeder(connection: Connection(url: url))
        if try seeder.isSeeded() {
            Console.out("demo database already seeded")
            return (url, false)
        }
        let counts = try seeder.seed(.init(trades: trades, seed: 42))
        Console.out(
            "seeded \(counts.trades) demo trades: \(counts.signals) signals, \(counts.telemetry) live telemetry rows")
        return (url, true)
    }

    /// A tenth as many trades again, after the first `trades`, all logged live.
    static func nextNight(url: String, after trades: Int) throws -> Seeder.Counts {
        var options = Seeder.Options(trades: max(1, trades / 10), seed: 43, append: true)
        options.firstTrade = trades
        return try Seeder(connection: Connection(url: url)).seed(options)
    }
}
