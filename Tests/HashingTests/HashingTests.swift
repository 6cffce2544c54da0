import Hashing
import Testing

/// Known answers from the algorithms' published test vectors, and the hex round trip.
struct HashingTests {
    @Test func sha256MatchesTheStandardVectors() {
        #expect(Hashing.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hashing.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hashing.sha256Hex("abc", count: 4) == "ba7816bf")
    }

    @Test func hmacMatchesRFC4231() {
        // RFC 4231, test case 2: key "Jefe".
        let tag = Hashing.hmacSHA256Hex("what do ya want for nothing?", key: Array("Jefe".utf8), count: 32)
        #expect(tag == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func fnv1aMatchesTheReferenceValues() {
        #expect(Hashing.fnv1a32Hex("") == "811c9dc5")
        #expect(Hashing.fnv1a32Hex("a") == "e40c292c")
        #expect(Hashing.fnv1a32Hex("foobar") == "bf9cf968")
        var empty = FNV1a64()
        empty.add(bytes: [])
        #expect(empty.hex == "cbf29ce484222325")
        var foobar = FNV1a64()
        foobar.add(bytes: "foobar".utf8)
        #expect(foobar.value == 0x85944171_f73967e8)
    }

    @Test func separatedStringsDoNotRunTogether() {
        var first = FNV1a64()
        first.add("ab")
        first.add("c")
        var second = FNV1a64()
        second.add("a")
        second.add("bc")
        #expect(first.hex != second.hex)
        #expect(first.hex.count == 16)
    }

    @Test func hexRoundTripsAndRefusesWhatIsNotHex() {
        let bytes: [UInt8] = [0, 1, 0x0f, 0x10, 0x7f, 0x80, 0xfe, 0xff]
        #expect(Hashing.hex(bytes) == "00010f107f80feff")
        #expect(Hashing.bytes(fromHex: "00010f107f80feff") == bytes)
        #expect(Hashing.bytes(fromHex: "00010F107F80FEFF") == bytes)
        #expect(Hashing.bytes(fromHex: "") == [])
        #expect(Hashing.bytes(fromHex: "abc") == nil)
        #expect(Hashing.bytes(fromHex: "zz") == nil)
        #expect(Hashing.bytes(fromHex: "0g") == nil)
        #expect(Hashing.bytes(fromHex: "é1") == nil)
    }
}
