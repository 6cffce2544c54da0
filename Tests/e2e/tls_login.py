"""Logs in to a server over HTTPS, verifying its certificate against the given CA file.

Usage: tls_login.py BASE_URL CA_FILE USER PASSWORD. Prints one JSON object: the login's status and
Set-Cookie, the session endpoint's status, the TLS version, and whether TLS 1.1 was refused.
Exits 1 with the error when the certificate does not verify.
"""
import http.client
import json
import ssl
import sys
import urllib.parse

base, cafile, user, password = sys.argv[1:5]
url = urllib.parse.urlparse(base)
context = ssl.create_default_context(cafile=cafile)


def connection(ctx):
    return http.client.HTTPSConnection(url.hostname, url.port, context=ctx, timeout=15)


try:
    login = connection(context)
    form = urllib.parse.urlencode({"user": user, "password": password})
    login.request("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
    answer = login.getresponse()
    cookie = answer.getheader("Set-Cookie") or ""
    version = login.sock.version()
    answer.read()
    session = connection(context)
    session.request("GET", "/api/session", headers={"Cookie": cookie.split(";")[0]})
    session_status = session.getresponse().status
except (ssl.SSLError, OSError) as error:
    print(f"TLS failed: {error}", file=sys.stderr)
    sys.exit(1)

old = ssl.create_default_context(cafile=cafile)
old.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
old.maximum_version = ssl.TLSVersion.TLSv1_1
old.set_ciphers("ALL:@SECLEVEL=0")
try:
    probe = connection(old)
    probe.request("GET", "/healthz")
    probe.getresponse()
    old_refused = False
except (ssl.SSLError, OSError):
    old_refused = True

print(json.dumps({"login": answer.status, "set_cookie": cookie, "session": session_status, "version": version,
                  "tls11_refused": old_refused}))
