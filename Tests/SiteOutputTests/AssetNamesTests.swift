import SiteOutput
import Testing

/// Fingerprinted asset names: made and recognised by one definition.
@Suite struct AssetNamesTests {
    @Test func aFingerprintedNameIsRecognisedAndOthersAreNot() {
        let name = AssetNames.fingerprinted("style.css", hash: "0123456789abcdef")
        #expect(name == "style.0123456789abcdef.css")
        #expect(AssetNames.isFingerprinted("assets/" + name))
        #expect(AssetNames.isFingerprinted("/assets/" + name))
        #expect(AssetNames.isFingerprinted("assets/" + AssetNames.fingerprinted("LICENSE", hash: "0123456789abcdef")))
        for other in [
            "assets/style.css", "style.0123456789abcdef.css", "assets/sub/style.0123456789abcdef.css",
            "assets/style.0123456789ABCDEF.css", "assets/style.0123456789abcde.css",
            "trades/x-0123456789abcdef0123456789abcdef.html", "assets/.0123456789abcdef.css",
        ] {
            #expect(!AssetNames.isFingerprinted(other), "\(other)")
        }
    }
}
