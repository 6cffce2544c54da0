import ArgumentParser

/// The root command: one subcommand per job.
struct TelemetrySite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "telemetry-site",
        abstract: "Turns trading-system telemetry in PostgreSQL into a published report.",
        discussion: """
            Exit codes: 0 done, 1 failed (the error is on stderr), 2 usage error, 3 a backfill is \
            already running.
            """,
        subcommands: [
            BackfillCommand.self, BuildCommand.self, RunCommand.self, PublishCommand.self, ServeCommand.self,
            UserCommand.self,
            SeedCommand.self,
            DemoCommand.self,
        ]
    )
}
