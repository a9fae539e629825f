"""A small threaded HTTP server on 127.0.0.x for the external-link tests.

Routes answer with a scripted sequence of replies (the last one repeats), or
a function of the method and the request number. The server counts requests
in flight per server; the count drops just before the answer is written, so
a client that sends its next request as soon as it has an answer is never
counted twice.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0
    drip: float = 0.0  # slow drip: the whole answer sent one byte at a time, this far apart


Script = Callable[[str, int], Reply]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 drops connections under a burst


class Gauge:
    """Requests in flight across several servers (one host on several ports, or all hosts)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.value = 0
        self.peak = 0

    def enter(self) -> None:
        with self.lock:
            self.value += 1
            self.peak = max(self.peak, self.value)

    def leave(self) -> None:
        with self.lock:
            self.value -= 1


@dataclass
class Hit:
    method: str
    path: str
    headers: dict[str, str]


class Web:
    """One server: routes, a log of requests, and in-flight counters."""

    def __init__(self, host: str = "127.0.0.1", gauge: Gauge | None = None) -> None:
        self.gauge = gauge or Gauge()
        self.routes: dict[str, Script] = {}
        self.hits: list[Hit] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        self.counts: dict[str, int] = {}
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = 10

            def log_message(self, *args: object) -> None:
                pass

            def do_HEAD(self) -> None:
                web._serve(self, "HEAD")

            def do_GET(self) -> None:
                web._serve(self, "GET")

        self.server = _Server((host, 0), Handler)
        self.host = host
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def add(self, path: str, *replies: Reply | Script) -> None:
        """Serve ``path`` with these replies in turn (the last repeats), or with a function."""
        if len(replies) == 1 and callable(replies[0]):
            self.routes[path] = replies[0]
            return
        sequence = [r for r in replies if isinstance(r, Reply)] or [Reply()]

        def script(method: str, number: int) -> Reply:
            return sequence[min(number, len(sequence) - 1)]

        self.routes[path] = script

    def requests(self, path: str | None = None, method: str | None = None) -> list[Hit]:
        with self.lock:
            return [
                hit
                for hit in self.hits
                if (path is None or hit.path == path) and (method is None or hit.method == method)
            ]

    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        path = handler.path
        with self.lock:
            self.hits.append(Hit(method, path, dict(handler.headers.items())))
            number = self.counts.get(path, 0)
            self.counts[path] = number + 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.gauge.enter()
        script = self.routes.get(path.split("?", 1)[0])
        reply = script(method, number) if script else Reply(404, body=b"no route")
        try:
            if reply.delay:
                time.sleep(reply.delay)
        finally:
            with self.lock:
                self.in_flight -= 1
            self.gauge.leave()
        body = reply.body
        if reply.drip:
            self._drip(handler, method, reply)
            return
        try:
            handler.send_response(reply.status)
            headers = {"Content-Type": "text/html; charset=utf-8", **reply.headers}
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            if method != "HEAD":
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    @staticmethod
    def _drip(handler: BaseHTTPRequestHandler, method: str, reply: Reply) -> None:
        """Bounded: the answer is a few hundred bytes, and a client that hangs up ends it."""
        head = [f"HTTP/1.1 {reply.status} OK", "Content-Type: text/html; charset=utf-8"]
        head += [f"{name}: {value}" for name, value in reply.headers.items()]
        head += [f"Content-Length: {len(reply.body)}", "Connection: close", "", ""]
        raw = "\r\n".join(head).encode() + (reply.body if method != "HEAD" else b"")
        handler.close_connection = True
        try:
            for index in range(len(raw)):
                handler.wfile.write(raw[index : index + 1])
                handler.wfile.flush()
                time.sleep(reply.drip)
        except OSError:  # the client gave up: stop dripping
            pass

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
