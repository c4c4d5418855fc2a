#!/usr/bin/env python3
"""A fault-injecting upload server for the tests and the benchmark, on loopback.

Accepts multipart POST (any field) and PUT on any path. How it answers depends on a token in
the uploaded file's name (multipart filename, or the last segment of a PUT path):
  r429   first request: 429 with Retry-After: 1, then success
  r503   first two requests: 503, then success
  reset  first request: stores the file, then resets the connection without an answer
  stall  first request: waits --stall seconds before answering (stores it then)
  bad    always 400 with a short body that echoes the Authorization header
  anything else: success, 201 with Location: /objects/<key> and {"id": "<key>"}
Idempotency-Key (or, without one, the body's SHA-256) names the object; a second success for a
key is answered like the first and not stored again, as payment and document APIs do.

--tls CERT KEY serves HTTPS. --delay S adds S seconds to every request (the benchmark's slow archive); --max-concurrent N
makes the server handle at most N requests at once (a server's limit).
GET /_stats returns what happened, as JSON. The first line on stdout is the port.
"""
import argparse
import hashlib
import json
import socket
import struct
import sys
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
requests = {}    # key -> number of requests seen
times = {}       # key -> request arrival times
stored = {}      # key -> {"name", "sha256", "size", "headers"}
store_count = {}  # key -> times stored (must stay 1)
args = None
gate = None


def file_part(handler, body):
    ctype = handler.headers.get("Content-Type", "")
    if handler.command == "POST" and ctype.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body)
        fields = {}
        found = None
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if part.get_filename() is not None and found is None:
                found = (part.get_filename(), part.get_payload(decode=True), name)
            else:
                fields[name] = part.get_payload(decode=True).decode()
        if found:
            return found[0], found[1], found[2], fields
        return None, None, None, fields
    return handler.path.rstrip("/").rsplit("/", 1)[-1], body, None, {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_GET(self):
        if self.path == "/_stats":
            with lock:
                payload = json.dumps({"requests": requests, "times": times, "stored": stored,
                                      "store_count": store_count}).encode()
            self.answer(200, payload, "application/json")
        else:
            self.answer(404, b"not found")

    def do_POST(self):
        with gate:
            self.upload()

    do_PUT = do_POST

    def answer(self, status, body=b"", ctype="text/plain", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def upload(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if args.delay:
            time.sleep(args.delay)
        name, data, field, fields = file_part(self, body)
        if data is None:
            return self.answer(400, b"no file in the request")
        key = self.headers.get("Idempotency-Key") or hashlib.sha256(data).hexdigest()
        with lock:
            requests[key] = requests.get(key, 0) + 1
            times.setdefault(key, []).append(time.time())
            n = requests[key]

        def store():
            with lock:
                if key not in stored:
                    stored[key] = {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
                                   "field": field, "fields": fields, "path": self.path,
                                   "headers": {k: v for k, v in self.headers.items()}}
                    store_count[key] = store_count.get(key, 0) + 1

        def success():
            store()
            self.answer(201, json.dumps({"id": key}).encode(), "application/json",
                        [("Location", "/objects/" + key)])

        if "bad" in name:
            # Echoes the credential, as careless servers do: the client must not write it anywhere.
            auth = self.headers.get("Authorization", "")
            return self.answer(400, ("bad request: the archive refuses this document (%s)\nsecond line" % auth).encode())
        if "r429" in name and n == 1:
            return self.answer(429, b"slow down", headers=[("Retry-After", "1")])
        if "r503" in name and n <= 2:
            return self.answer(503, b"busy")
        if "reset" in name and n == 1:
            store()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        if "stall" in name and n == 1:
            time.sleep(args.stall)
            try:
                success()
            except OSError:
                pass  # the client gave up on us
            return
        success()


def main():
    global args, gate
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0)
    parser.add_argument("--stall", type=float, default=5)
    parser.add_argument("--max-concurrent", type=int, default=1000)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"), help="serve HTTPS with this certificate")
    args = parser.parse_args()
    gate = threading.BoundedSemaphore(args.max_concurrent)
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    if args.tls:
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*args.tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
