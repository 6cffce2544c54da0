import ArgumentParser
import Foundation
import Server

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage the users who may log in to the server.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a user (or set a new password) in the htpasswd file, bcrypt-hashed.")

        @Argument(help: "The user name.")
        var name: String

        @Option(help: "htpasswd file to write.")
        var users: String = ".telemetry-site/users.htpasswd"

        @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of stdin.")
        var passwordStdin = false

        func run() throws {
            let password: String
            if passwordStdin {
                password = readLine(strippingNewline: true) ?? ""
            } else {
                guard let typed = getpass("Password for \(name): ") else { throw ExitCode(ExitStatus.failed) }
                password = String(cString: typed)
            }
            guard password.count >= 8 else { throw ValidationError("the password must have at least 8 characters") }
            try UserStore.set(user: name, password: password, in: URL(fileURLWithPath: users))
            Console.out("user \(name) saved in \(users)")
        }
    }
}
