extension RedactionRules {
    /// Key-name fragments masked by default wherever they occur in a key (`db_password`,
    /// `X-Api-Key`, `aws_secret_access_key`), after detect-secrets' keyword list.
    public static let defaultKeyFragments = [
        "password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "auth", "authorization",
        "credential", "passphrase", "private_key", "privkey", "bearer", "cookie", "signature", "access_key",
        "service_key", "account_key", "client_key", "db_key", "database_key", "key_pass", "db_pass",
        "database_pass", "contraseña", "contrasena",
    ]

    /// Short names masked by default only as a whole word of a key (`pw`, `db_pass`, `smtpPass`),
    /// so that `passed`, `bypass` or `pwr` stay visible.
    public static let defaultKeyWords = ["pw", "pass"]

    /// The default key rules.
    static var defaultKeyRules: [KeyRule] {
        defaultKeyFragments.map { KeyRule(name: $0, fragment: normalize($0)) }
            + defaultKeyWords.map { KeyRule(name: $0, fragment: $0, word: true) }
    }

    /// The default value shapes: private keys, credentials in URLs and headers, and the token
    /// formats of the services detect-secrets knows.
    static let defaultValueRules: [ValueRule] = keyMaterialRules + platformTokenRules + serviceTokenRules

    /// Private keys, credentials in URLs and HTTP authorization headers, JWTs and card numbers.
    private static let keyMaterialRules: [ValueRule] = try! [
        ValueRule(
            name: "pem-private-key",
            source:
                #"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)"#,
            triggers: ["-----BEGIN"]),
        ValueRule(
            name: "putty-private-key",
            source: #"PuTTY-User-Key-File-[0-9]+:[\s\S]*?(?:Private-MAC:[ \t]*[0-9A-Fa-f]+|$)"#,
            triggers: ["PuTTY-User-Key-File"]),
        ValueRule(
            name: "url-password", source: #"[A-Za-z][A-Za-z0-9+.-]*://[^\s/:@{}]*:([^\s/{}]+)@"#, triggers: ["://"],
            group: 1),
        ValueRule(
            name: "jwt", source: #"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}"#,
            triggers: ["eyJ"]),
        ValueRule(
            name: "bearer", source: #"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{8,}"#,
            triggers: ["Bearer", "bearer", "BEARER"]),
        ValueRule(
            name: "basic-auth",
            source: #"\b(?i:basic)\s+(?=[A-Za-z0-9+/]*(?:[0-9+/=]|[a-z][A-Z]))[A-Za-z0-9+/]{8,}={0,2}"#,
            triggers: ["Basic", "basic", "BASIC"]),
        ValueRule(
            name: "card-number",
            source: #"(?<![0-9])(?:4|5[1-5]|2[2-7]|3[47]|6(?:011|5))[0-9](?:[ -]?[0-9]){10,17}(?![0-9])"#,
            luhn: true),
    ]

    /// Cloud and code-hosting platforms: AWS, Azure, Google, GitHub, GitLab, SoftLayer, npm,
    /// PyPI, Artifactory.
    private static let platformTokenRules: [ValueRule] = try! [
        ValueRule(
            name: "aws-access-key-id", source: #"\b(?:A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|ABIA|ACCA)[0-9A-Z]{16}\b"#,
            triggers: ["A3T", "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ABIA", "ACCA"]),
        ValueRule(
            name: "azure-storage-key", source: #"AccountKey=[A-Za-z0-9+/=]{20,}"#, triggers: ["AccountKey="]),
        ValueRule(name: "google-api-key", source: #"\bAIza[0-9A-Za-z_-]{35}"#, triggers: ["AIza"]),
        ValueRule(
            name: "github-token", source: #"\b(?:gh[pousr]_[A-Za-z0-9_]{36,}|github_pat_[A-Za-z0-9_]{22,})"#,
            triggers: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"]),
        ValueRule(
            name: "gitlab-token",
            source:
                #"\b(?:(?:glpat|gldt|glft|glsoat|glrt|glcbt|glimt|glptt|glagent|gloas)-|GR1348941)[A-Za-z0-9_-]{20,}"#,
            triggers: [
                "glpat-", "gldt-", "glft-", "glsoat-", "glrt-", "glcbt-", "glimt-", "glptt-", "glagent-", "gloas-",
                "GR1348941",
            ]),
        ValueRule(name: "npm-token", source: #"\bnpm_[A-Za-z0-9]{36}\b"#, triggers: ["npm_"]),
        ValueRule(
            name: "softlayer-api-key", source: #"api\.softlayer\.com/soap/v3(?:\.1)?/([a-z0-9]{64})"#,
            triggers: ["api.softlayer.com"], group: 1),
        ValueRule(
            name: "pypi-token", source: #"\bpypi-AgE[A-Za-z0-9_-]{50,}"#, triggers: ["pypi-AgE"]),
        ValueRule(name: "artifactory-token", source: #"(?<![A-Za-z0-9])AKC[A-Za-z0-9]{10,}"#, triggers: ["AKC"]),
        ValueRule(
            name: "artifactory-password",
            source:
                #"(?<![A-Za-z0-9])AP[0-9A-F](?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[0-9])[A-Za-z0-9]{8,}(?![A-Za-z0-9])"#,
            triggers: ["AP"]),
    ]

    /// Messaging, payment and AI services: Slack, Discord, Telegram, Twilio, SendGrid, Mailchimp,
    /// Stripe, Square, OpenAI.
    private static let serviceTokenRules: [ValueRule] = try! [
        ValueRule(name: "slack-token", source: #"\bxox[abposr]-[A-Za-z0-9-]{10,}"#, triggers: ["xox"]),
        ValueRule(
            name: "slack-webhook", source: #"https://hooks\.slack\.com/services/[A-Za-z0-9_/]{20,}"#,
            triggers: ["hooks.slack.com"]),
        ValueRule(
            name: "discord-token", source: #"\b[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}"#,
            minimumRun: 24, runFollowedBy: "."),
        ValueRule(
            name: "telegram-token", source: #"(?<![0-9])[0-9]{8,10}:[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])"#,
            minimumRun: 35),
        ValueRule(name: "twilio-key", source: #"\b(?:AC|SK)[a-z0-9]{32}\b"#, minimumRun: 34),
        ValueRule(
            name: "sendgrid-key", source: #"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}"#, triggers: ["SG."]),
        ValueRule(name: "mailchimp-key", source: #"\b[0-9a-z]{32}-us[0-9]{1,2}\b"#, triggers: ["-us"]),
        ValueRule(
            name: "stripe-key", source: #"\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"#,
            triggers: ["_live_", "_test_"]),
        ValueRule(name: "square-oauth", source: #"\bsq0csp-[0-9A-Za-z_-]{43}"#, triggers: ["sq0csp-"]),
        ValueRule(
            name: "openai-key", source: #"\bsk-[A-Za-z0-9_-]*T3BlbkFJ[A-Za-z0-9_-]{20,}"#, triggers: ["T3BlbkFJ"]),
    ]
}
