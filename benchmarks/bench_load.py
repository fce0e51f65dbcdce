"""Load and soak of the production server (gunicorn) on loopback: throughput, latency, memory.

Usage: python benchmarks/bench_load.py [--clients 16] [--seconds 30] [--soak 5000]

Starts gunicorn with gunicorn.conf.py (``LITIGE_WORKERS`` workers, each with its pool of
generation processes) on a temporary database, then:

- load: ``--clients`` concurrent clients, each with a keep-alive connection, POST cases to
  ``/api/v1/documents/mise_en_demeure`` for ``--seconds`` seconds, first as DOCX, then as
  PDF: requests per second and p50/p95/p99 latency, and every answer that is not a 200;
- soak: ``--soak`` generations (DOCX and PDF alternately) by the same clients, the memory of
  the server's whole process tree (master, workers, generation processes) sampled all along:
  growth from the end of the warm-up (the first tenth) to the end, target ≤ 10 %.

Every case differs (debtor, invoice numbers, amounts). The API's rate limit is lifted for the
run (``LITIGE_RATELIMIT_API``): the benchmark measures the server, not the limiter.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import (
    DOC_TYPE,
    MemorySampler,
    Server,
    _environment,
    load_examples,
    vary_case,
)

#: Settings of a run and their defaults.
DEFAULTS = {
    "clients": 16,  # concurrent clients, each with its own keep-alive connection
    "seconds": 30.0,  # length of each load phase (DOCX, then PDF)
    "soak": 5000,  # generations of the soak phase
    "workers": 2,  # gunicorn workers (LITIGE_WORKERS)
    "threads": 8,  # request threads per worker (LITIGE_THREADS)
    "pool": 1,  # generation processes per worker (LITIGE_GENERATION_WORKERS)
    "warmup": 20,  # requests of each format before measuring
}


@dataclass
class Phase:
    """What the clients saw during one phase."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        """A latency percentile of the successful requests, in milliseconds."""
        if not self.latencies:
            return 0.0
        if len(self.latencies) == 1:
            return self.latencies[0] * 1000
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return cuts[int(q) - 1] * 1000


class Client:
    """One keep-alive connection to the server, posting cases to the documents endpoint."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
        self.headers = {
            "Authorization": f"Bearer {server.token}",
            "Content-Type": "application/json",
        }

    def post(self, case: dict, fmt: str) -> tuple[int, float, int]:
        """One generation: status, seconds, bytes received."""
        body = json.dumps(case, ensure_ascii=False).encode("utf-8")
        start = time.perf_counter()
        try:
            self.connection.request(
                "POST", f"/api/v1/documents/{DOC_TYPE}?format={fmt}", body, self.headers
            )
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            return 0, time.perf_counter() - start, 0
        return response.status, time.perf_counter() - start, len(data)

    def close(self) -> None:
        self.connection.close()


def _record(phase: Phase, lock: threading.Lock, status: int, seconds: float) -> None:
    with lock:
        if status == 200:
            phase.latencies.append(seconds)
        else:
            key = str(status) if status else "connexion"
            phase.errors[key] = phase.errors.get(key, 0) + 1


def run_phase(
    server: Server,
    name: str,
    clients: int,
    cases: list[dict],
    formats: tuple[str, ...],
    *,
    seconds: float | None = None,
    total: int | None = None,
    on_progress=None,
) -> Phase:
    """``clients`` threads post cases until ``seconds`` pass or ``total`` requests are sent."""
    phase, lock = Phase(name), threading.Lock()
    counter = iter(range(10**9))
    deadline = time.monotonic() + seconds if seconds else None

    def work() -> None:
        client = Client(server)
        try:
            while True:
                with lock:
                    index = next(counter)
                if total is not None and index >= total:
                    return
                if deadline is not None and time.monotonic() >= deadline:
                    return
                fmt = formats[index % len(formats)]
                status, took, _size = client.post(cases[index % len(cases)], fmt)
                _record(phase, lock, status, took)
                if on_progress is not None:
                    on_progress(index + 1)
        finally:
            client.close()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    phase.seconds = time.perf_counter() - start
    return phase


@dataclass
class Soak:
    """The soak phase and the memory of the server's tree along it, in KiB."""

    phase: Phase
    after_warmup: int = 0
    end: int = 0
    peak: int = 0
    processes: int = 0

    @property
    def growth(self) -> float:
        return (self.end - self.after_warmup) / self.after_warmup if self.after_warmup else 0.0


def run_soak(server: Server, clients: int, cases: list[dict], total: int) -> Soak:
    """``total`` generations, DOCX and PDF alternately; the tree's RSS after warm-up and at end."""
    sampler = MemorySampler(server.pid, interval=0.5)
    marks: dict[str, int] = {}
    warmup = max(total // 10, 1)

    def progress(done: int) -> None:
        if done == warmup and "warm" not in marks:
            sampler.sample(full=True)
            marks["warm"] = sampler.memory.tree_end
        if done % max(total // 10, 1) == 0:
            print(f"  endurance : {done} / {total}", file=sys.stderr, flush=True)

    with sampler:
        phase = run_phase(
            server, "endurance", clients, cases, ("docx", "pdf"), total=total, on_progress=progress
        )
    memory = sampler.memory
    return Soak(
        phase,
        marks.get("warm", memory.tree_start),
        memory.tree_end,
        memory.tree_peak,
        memory.processes,
    )


def _mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def report(
    load: list[Phase], soak: Soak | None, args: argparse.Namespace, errors: list[str]
) -> str:
    """The figures as a Markdown table, then the verdicts."""
    lines = [
        f"Serveur : gunicorn, {args.workers} workers × {args.threads} threads, "
        f"{args.pool} processus de génération par worker, "
        f"{args.clients} clients simultanés (boucle locale) — {_environment()}",
        "",
        "| phase | requêtes | erreurs | req/s | p50 | p95 | p99 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    phases = [*load, *([soak.phase] if soak else [])]
    for phase in phases:
        lines.append(
            f"| {phase.name} | {phase.count} | {sum(phase.errors.values())} | "
            f"{phase.rate:.1f} | {phase.percentile(50):.0f} ms | {phase.percentile(95):.0f} ms | "
            f"{phase.percentile(99):.0f} ms |"
        )
    if soak:
        lines += [
            "",
            f"Mémoire du serveur (RSS de l'arbre, {soak.processes} processus) : "
            f"{_mib(soak.after_warmup)} après l'échauffement, {_mib(soak.end)} à la fin, "
            f"pic {_mib(soak.peak)} ; croissance {soak.growth * 100:+.1f} % "
            f"(objectif ≤ 10 %) : {'atteint' if soak.growth <= 0.10 else 'NON atteint'}",
        ]
    failed = {k: v for p in phases for k, v in p.errors.items()}
    lines.append(
        "Erreurs : aucune"
        if not failed and not errors
        else f"Erreurs : {failed} ; journal du serveur : {errors[:5]}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for key, default in DEFAULTS.items():
        parser.add_argument(f"--{key}", type=type(default), default=default)
    args = parser.parse_args(argv)
    examples = load_examples()
    cases = [vary_case(examples[i % len(examples)], i) for i in range(max(args.soak, 200))]
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        server = Server(
            Path(folder),
            gunicorn=True,
            settings={
                "WORKERS": str(args.workers),
                "THREADS": str(args.threads),
                "GENERATION_WORKERS": str(args.pool),
                "RATELIMIT_API": "1000000 per minute",
                "LOG_LEVEL": "WARNING",
            },
        )
        try:
            run_phase(
                server,
                "échauffement",
                min(args.clients, 4),
                cases,
                ("docx", "pdf"),
                total=args.warmup * 2,
            )
            load = [
                run_phase(
                    server,
                    f"charge {fmt.upper()}",
                    args.clients,
                    cases,
                    (fmt,),
                    seconds=args.seconds,
                )
                for fmt in ("docx", "pdf")
            ]
            soak = run_soak(server, args.clients, cases, args.soak) if args.soak else None
            errors = server.server_errors()
        finally:
            server.close()
    print(report(load, soak, args, errors))
    failed = any(p.errors for p in load) or (soak and soak.phase.errors) or errors
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
