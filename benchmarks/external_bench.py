"""Benchmark of the external link checker: is it bound by politeness or by the tool?

2,000 URLs over 20 local hosts (127.0.0.1 … 127.0.0.20: distinct host names,
so distinct per-host limits), each answering after a fixed delay. The server
runs in its own process (an asyncio HTTP/1.1 server with keep-alive) and
measures what it saw: requests, the peak in flight per host and overall,
and the real delay. The theoretical minimum for a run is

    delay × max( max over hosts of ceil(urls_of_host / per_host),  ceil(urls / concurrency) )

(the busiest host's queue at per_host at a time, or the whole set at
concurrency at a time). A run close to it is bound by the limits, not by the
tool. A last run with no delay shows the tool's own ceiling (URLs/s on this
machine, client and server sharing the cores).

    python benchmarks/external_bench.py                 # default configurations
    python benchmarks/external_bench.py --delay 0.1 --urls 2000 --hosts 20
"""

from __future__ import annotations

import argparse
import asyncio
import math
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from pelican_fast.links.external import CheckOptions, Kind, check


# --- the server (its own process) ---------------------------------------------
class Stats:
    def __init__(self) -> None:
        self.requests = 0
        self.connections = 0
        self.in_flight: dict[str, int] = {}
        self.peak_host: dict[str, int] = {}
        self.total = 0
        self.peak_total = 0
        self.slept = 0.0
        self.first = math.inf
        self.last = 0.0

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]


async def _handle(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, delay: float, s: Stats
) -> None:
    s.connections += 1
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            method = head.split(b" ", 1)[0]
            now = time.monotonic()
            s.first = min(s.first, now)
            s.requests += 1
            s.in_flight[host] = s.in_flight.get(host, 0) + 1
            s.peak_host[host] = max(s.peak_host.get(host, 0), s.in_flight[host])
            s.total += 1
            s.peak_total = max(s.peak_total, s.total)
            if delay:
                started = time.monotonic()
                await asyncio.sleep(delay)
                s.slept += time.monotonic() - started
            s.in_flight[host] -= 1
            s.total -= 1
            body = b"" if method == b"HEAD" else b"ok"
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n" + body
            )
            await writer.drain()
            s.last = time.monotonic()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


def serve(hosts: list[str], port: int, control: Connection) -> None:
    """Serve every host on ``port``; obey ``("delay", d)``, ``"stats"`` and ``"stop"``."""

    async def main() -> None:
        stats = Stats()
        state = {"delay": 0.0}
        servers = []
        for host in hosts:

            async def handler(r: Any, w: Any, host: str = host) -> None:
                await _handle(r, w, host, state["delay"], stats)

            servers.append(await asyncio.start_server(handler, host, port, backlog=1024))
        control.send("ready")
        loop = asyncio.get_running_loop()
        while True:
            message = await loop.run_in_executor(None, control.recv)
            if message == "stop":
                break
            if message == "stats":
                control.send(
                    {
                        "requests": stats.requests,
                        "connections": stats.connections,
                        "peak_host": max(stats.peak_host.values(), default=0),
                        "peak_total": stats.peak_total,
                        "mean_delay": stats.slept / stats.requests if stats.requests else 0.0,
                        "span": stats.last - stats.first if stats.requests else 0.0,
                    }
                )
            elif isinstance(message, tuple) and message[0] == "delay":
                state["delay"] = message[1]
                stats.reset()
                control.send("ok")
        for server in servers:
            server.close()

    asyncio.run(main())


# --- the client -----------------------------------------------------------------
@dataclass
class Run:
    label: str
    concurrency: int
    per_host: int
    delay: float
    elapsed: float
    urls: int
    ok: int
    theory: float
    server: dict[str, Any]

    @property
    def rate(self) -> float:
        return self.urls / self.elapsed

    def row(self) -> str:
        s = self.server
        ratio = f"{self.elapsed / self.theory:.2f}×" if self.theory else "—"
        theory = f"{self.theory:.2f} s" if self.theory else "—"
        return (
            f"| {self.label} | {self.concurrency} | {self.per_host} | {self.delay * 1000:.0f} ms "
            f"({s['mean_delay'] * 1000:.1f}) | {self.ok}/{self.urls} | {s['requests']} | "
            f"{s['connections']} | "
            f"{s['peak_host']} | {s['peak_total']} | {theory} | {self.elapsed:.2f} s | "
            f"{ratio} | {self.rate:.0f} |"
        )


def theoretical_minimum(
    per_host_counts: list[int], concurrency: int, per_host: int, delay: float
) -> float:
    rounds = max(
        max(math.ceil(n / per_host) for n in per_host_counts),
        math.ceil(sum(per_host_counts) / concurrency),
    )
    return rounds * delay


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--delay", type=float, default=0.2, help="seconds per answer")
    parser.add_argument("--port", type=int, default=18080)
    args = parser.parse_args()

    hosts = [f"127.0.0.{n}" for n in range(1, args.hosts + 1)]
    urls = [f"http://{hosts[i % len(hosts)]}:{args.port}/page/{i}" for i in range(args.urls)]
    counts = [sum(1 for i in range(args.urls) if i % len(hosts) == h) for h in range(len(hosts))]
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve, args=(hosts, args.port, child), daemon=True)
    server.start()
    assert parent.recv() == "ready"

    configurations = [
        ("defaults", 16, 2, args.delay),
        ("per-host bound", 64, 2, args.delay),
        ("per-host 1", 64, 1, args.delay),
        ("no delay (tool ceiling)", 64, 2, 0.0),
    ]
    runs: list[Run] = []
    try:
        for label, concurrency, per_host, delay in configurations:
            parent.send(("delay", delay))
            parent.recv()
            options = CheckOptions(
                concurrency=concurrency, per_host=per_host, timeout=60, retries=0
            )
            started = time.perf_counter()
            results = check(urls, options)
            elapsed = time.perf_counter() - started
            parent.send("stats")
            stats = parent.recv()
            ok = sum(1 for r in results.values() if r.kind is Kind.OK)
            theory = theoretical_minimum(counts, concurrency, per_host, delay) if delay else 0.0
            runs.append(
                Run(label, concurrency, per_host, delay, elapsed, len(urls), ok, theory, stats)
            )
            print(runs[-1].row(), flush=True)
    finally:
        parent.send("stop")
        server.join(5)

    print()
    print(
        f"{args.urls} URLs over {args.hosts} hosts, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    print(
        "| run | concurrency | per host | delay (measured) | ok | requests | connections | peak/host | "
        "peak total | theoretical min | elapsed | elapsed/min | URLs/s |"
    )
    print("|" + " --- |" * 13)
    for run in runs:
        print(run.row())
    return 0


if __name__ == "__main__":
    sys.exit(main())
