"""A webhook receiver on loopback for the notification tests.

Usage: webhook_receiver.py PORT_FILE LOG_FILE STATUSES. Answers the n-th POST with the n-th of
the comma-separated STATUSES (the last one repeats); "hang" holds the request 30 s without an
answer. Each POST is appended to LOG_FILE as one JSON line {"path", "body"} before it is answered.
The port it listens on is written to PORT_FILE.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port_file, log_file, statuses = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
lock = threading.Lock()
seen = [0]


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode("utf-8", "replace")
        with lock:
            index = seen[0]
            seen[0] += 1
            with open(log_file, "a", encoding="utf-8") as handle:
                handle.write(json.dumps({"path": self.path, "body": body}) + "\n")
        status = statuses[min(index, len(statuses) - 1)]
        if status == "hang":
            time.sleep(30)
            return
        self.send_response(int(status))
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w", encoding="utf-8") as handle:
    handle.write(str(server.server_address[1]))
import os

os.rename(port_file + ".tmp", port_file)
server.serve_forever()
