"""Benchmark of a batch of mises en demeure (DOCX + PDF) through the HTTP API, against LibreOffice.

Run from the project root: ``python benchmarks/bench_batch.py [--sizes 100,1000]``. For each
size and path, a fresh real server is started as a separate process (``flask --app app run`` on
a free port of 127.0.0.1, a temporary database, queue and job folder, ``flask db upgrade`` and
``flask tokens create bench`` first), warmed up, then sent N varied cases through ``POST
/api/v1/batch`` (requests of at most ``BATCH_MAX_ITEMS``) or through ``POST /api/v1/jobs`` (one
request, polled, archive downloaded). The RSS of the server's process tree is sampled every 100
ms. The DOCX of the archive are then converted to PDF by LibreOffice: one ``soffice`` process,
then two in parallel with half the files each, by calls of at most 200 files (LibreOffice 7.4
silently ignores the arguments past the 253rd). See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import functools
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "mise_en_demeure"
DOC_TYPE = "mise_en_demeure"
FORMATS = ["docx", "pdf"]

#: Targets the figures are judged against.
TARGETS = {
    "server_rss_mb": 300,  # peak PSS of the tree and RSS of the web process, below (MB = 10^6 B)
    "flat": 1.10,  # peak at the largest size / peak at the smallest, at most
    "vs_libreoffice": 1.0,  # engine items/s ÷ LibreOffice documents/s, above
}

DEFAULTS = {
    "sizes": "100,1000",
    "paths": "batch,jobs",
    "lo_processes": "1,2",
    "lo_per_call": 200,  # files per soffice call: LibreOffice 7.4 ignores arguments past the 253rd
    "interval": 0.1,  # seconds between two memory samples
}

PATH_LABELS = {
    "batch": "POST /batch (streamed ZIP)",
    "jobs": "POST /jobs, poll, GET archive",
}

if str(ROOT) not in sys.path:  # run as a script from a checkout: import app from the tree
    sys.path.insert(0, str(ROOT))


# --------------------------------------------------------------------------- the cases

DEBTOR_NAMES = [
    "Martin",
    "Bernard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "Fournier",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
]
COMPANY_WORDS = ["Bâtiment", "Conseil", "Négoce", "Transports", "Services", "Distribution"]


def load_examples() -> list[dict[str, Any]]:
    """The sample mise en demeure cases, in a fixed order."""
    return [
        json.loads(path.read_text(encoding="utf-8")) for path in sorted(EXAMPLES.glob("*.json"))
    ]


def _scaled(amount: float, factor: Decimal) -> float:
    return float((Decimal(str(amount)) * factor).quantize(Decimal("0.01")))


def vary_case(base: dict[str, Any], index: int) -> dict[str, Any]:
    """A copy of ``base`` with another debtor name, other invoice numbers and other amounts."""
    case = copy.deepcopy(base)
    name = DEBTOR_NAMES[index % len(DEBTOR_NAMES)]
    debtor = case["debiteur"]
    if debtor.get("nature") == "personne_morale":
        word = COMPANY_WORDS[index // len(DEBTOR_NAMES) % len(COMPANY_WORDS)]
        debtor["denomination"] = f"{word} {name} n° {index + 1}"
    else:
        debtor["nom"] = f"{name}-{index + 1}"
    factor = Decimal(100 + (index * 37) % 90) / 100  # 1.00 to 1.89: paid parts stay below totals
    for number, invoice in enumerate(case["factures"], start=1):
        invoice["numero"] = f"{invoice['numero']}-{index + 1:05d}-{number}"
        invoice["montant_ttc"] = _scaled(invoice["montant_ttc"], factor)
        if "montant_regle" in invoice:
            invoice["montant_regle"] = _scaled(invoice["montant_regle"], factor)
    return case


def batch_items(count: int, examples: list[dict[str, Any]] | None = None) -> list[dict]:
    """``count`` items of a batch request, each case different."""
    examples = examples or load_examples()
    return [
        {
            "type": DOC_TYPE,
            "case": vary_case(examples[i % len(examples)], i),
            "reference": f"BENCH-{i + 1:05d}",
        }
        for i in range(count)
    ]


# --------------------------------------------------------------------------- the process tree


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return text.rsplit(")", 1)[-1].split()  # state, ppid, pgrp, session, …, utime (11), stime


def process_tree(root: int) -> dict[int, str]:
    """``root`` and its descendants still alive (from /proc), root first, with their role."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields and len(fields) > 1:
                children[int(fields[1])].append(int(entry))
    tree, todo = {root: "web"}, [root]
    while todo:
        parent = todo.pop(0)
        for pid in children.get(parent, []):
            tree[pid] = _role(pid, tree[parent])
            todo.append(pid)
    return tree


def _role(pid: int, parent_role: str) -> str:
    # Pool workers are forked by the forkserver and keep its command line: tell them by parent.
    if parent_role == "forkserver":
        return "worker"
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return "other"
    for role in (b"forkserver", b"resource_tracker"):
        if role in cmdline:
            return role.decode()
    return "other"


def _status_kib(pid: int, key: str) -> int:
    try:
        text = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return 0
    found = re.search(rf"^{key}:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) if found else 0


def _pss_kib(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="ascii", errors="replace")
    except OSError:
        return 0
    found = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) if found else 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far."""
    fields = _stat_fields(pid)
    if not fields or len(fields) < 13:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def host_busy_seconds() -> float:
    """CPU time spent by the whole host so far, all CPUs (``/proc/stat``), idle excluded."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


@dataclass
class Memory:
    """What the sampler saw of the server's tree during one measured run, in KiB."""

    web_peak: int = 0
    tree_peak: int = 0
    tree_pss_peak: int = 0
    processes: int = 0
    tree_start: int = 0
    tree_end: int = 0
    samples: int = 0
    at_peak: list[tuple[str, int]] = field(default_factory=list)  # (role, RSS) at the tree's peak


class MemorySampler:
    """Samples VmRSS of a process and its descendants every ``interval`` seconds.

    The tree is listed again, and PSS read, every ``every`` samples only: a sample then costs
    well under a millisecond of this process's CPU, which the server would otherwise lose.
    """

    def __init__(self, root: int, interval: float = DEFAULTS["interval"], every: int = 10) -> None:
        self.root, self.interval, self.every = root, interval, every
        self.memory = Memory()
        self._tree: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="rss-sampler")

    def sample(self, *, full: bool = False) -> None:
        full = full or self.memory.samples % self.every == 0
        if full:
            self._tree = process_tree(self.root)
        tree = self._tree
        rss = {pid: _status_kib(pid, "VmRSS") for pid in tree}
        total = sum(rss.values())
        memory = self.memory
        if not memory.samples:
            memory.tree_start = total
        memory.tree_end = total
        memory.samples += 1
        memory.web_peak = max(memory.web_peak, rss.get(self.root, 0))
        if total > memory.tree_peak:
            memory.tree_peak, memory.processes = total, len(tree)
            memory.at_peak = [(tree[pid], rss[pid]) for pid in tree]
        if full:
            memory.tree_pss_peak = max(memory.tree_pss_peak, sum(_pss_kib(pid) for pid in tree))

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> MemorySampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample(full=True)


# --------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Answer:
    """An HTTP answer: status, headers, body (unless streamed to a file), seconds to first byte."""

    status: int
    headers: dict[str, str]
    body: bytes = b""
    first_byte: float = 0.0


class Server:
    """The real server in a process of its own, on a temporary database, queue and job folder."""

    def __init__(
        self,
        workdir: Path,
        *,
        batch_max_items: int | None = None,
        workers: int | None = None,
        gunicorn: bool = False,
        settings: dict[str, str] | None = None,
    ) -> None:
        self.workdir = workdir
        self.port = _free_port()
        # Hermetic: no LITIGE_ setting of the caller's environment reaches the server.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LITIGE_", "FLASK_"))}
        env.update(
            {
                "LITIGE_DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
                "LITIGE_QUEUE_URL": f"sqlite:///{workdir / 'queue.sqlite3'}",
                "LITIGE_JOBS_FOLDER": str(workdir / "jobs"),
                "LITIGE_SECRET_KEY": secrets.token_hex(16),
                "PYTHONUNBUFFERED": "1",
            }
        )
        if batch_max_items is not None:
            env["LITIGE_BATCH_MAX_ITEMS"] = str(batch_max_items)
        if workers is not None:
            env["LITIGE_GENERATION_WORKERS"] = str(workers)
        env.update({f"LITIGE_{key}": value for key, value in (settings or {}).items()})
        self.env = env
        self.flask(["db", "upgrade"])
        self.token = self.flask(["tokens", "create", "bench"]).strip().splitlines()[-1]
        self.log_path = workdir / "server.log"
        self._log = self.log_path.open("wb")
        address = ["--host", "127.0.0.1", "--port", str(self.port)]
        command = [sys.executable, "-m", "flask", "--app", "app", "run", *address, "--with-threads"]
        if gunicorn:  # the production server (gunicorn.conf.py, settings from LITIGE_ variables)
            env["LITIGE_BIND"] = f"127.0.0.1:{self.port}"
            command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with its pool workers
        )
        self.pid = self.process.pid
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.request("GET", "/health", auth=False).status in (200, 503):
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f"le serveur n'a pas démarré : voir {self.log_path}")
            time.sleep(0.1)

    def flask(self, args: list[str]) -> str:
        """Run a ``flask --app app`` command in the server's environment; its standard output."""
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "app", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} : {done.stderr.strip()[-300:]}")
        return done.stdout

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        sink: Path | None = None,
        auth: bool = True,
        timeout: float = 900,
    ) -> Answer:
        """One request; a 200 body goes to ``sink`` in chunks when given, else to memory."""
        headers = {"Authorization": f"Bearer {self.token}"} if auth else {}
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            start = time.perf_counter()
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            first = response.read(1)
            answer = Answer(response.status, dict(response.getheaders()))
            answer.first_byte = time.perf_counter() - start
            if sink is not None and response.status == 200:
                with sink.open("wb") as out:
                    out.write(first)
                    shutil.copyfileobj(response, out, 1 << 16)
            else:
                answer.body = first + response.read()
            return answer
        finally:
            connection.close()

    def server_errors(self) -> list[str]:
        """Answers 5xx and tracebacks in the server's log."""
        self._log.flush()
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        lines = [line for line in text.splitlines() if re.search(r'" 5\d\d ', line)]
        lines += [line for line in text.splitlines() if line.startswith("Traceback")]
        return lines

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGTERM)  # the group this class started
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()


# --------------------------------------------------------------------------- archives


@dataclass
class ArchiveCheck:
    """What the archives hold: items by status, files, and anything wrong."""

    total: int = 0
    ok: int = 0
    failed: int = 0
    docx: int = 0
    pdf: int = 0
    failures: list[str] = field(default_factory=list)  # "reference: path message"
    problems: list[str] = field(default_factory=list)  # the archive itself

    def add(self, other: ArchiveCheck) -> None:
        self.total += other.total
        self.ok += other.ok
        self.failed += other.failed
        self.docx += other.docx
        self.pdf += other.pdf
        self.failures += other.failures
        self.problems += other.problems


def check_archive(path: Path, expected: int, docx_dir: Path | None = None) -> ArchiveCheck:
    """Open a ZIP, test every member's CRC, count the manifest's items; extract the DOCX."""
    check = ArchiveCheck()
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        check.problems.append(f"{path.name} : archive illisible ({exc})")
        return check
    with archive:
        bad = archive.testzip()
        if bad:
            check.problems.append(f"{path.name} : CRC faux pour {bad}")
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except (KeyError, ValueError) as exc:
            check.problems.append(f"{path.name} : manifest.json absent ou illisible ({exc})")
            return check
        names = set(archive.namelist())
        for item in manifest["items"]:
            check.total += 1
            if item["status"] == "ok":
                check.ok += 1
            else:
                check.failed += 1
                for error in item["errors"] or [{"path": "", "message": "?"}]:
                    check.failures.append(
                        f"{item['reference']}: {error['path']} {error['message']}".strip()
                    )
            for member in item["files"]:
                if member not in names:
                    check.problems.append(f"{path.name} : {member} annoncé mais absent")
                    continue
                if member.endswith(".docx"):
                    check.docx += 1
                    if docx_dir is not None:
                        (docx_dir / f"{item['name']}.docx").write_bytes(archive.read(member))
                elif member.endswith(".pdf"):
                    check.pdf += 1
        if check.total != expected or manifest.get("total") != expected:
            check.problems.append(f"{path.name} : {check.total} éléments pour {expected} envoyés")
    return check


# --------------------------------------------------------------------------- measured paths


@dataclass
class PathRun:
    """One way of sending a batch of ``size`` items, measured end to end."""

    size: int
    path: str
    requests: int = 0
    seconds: float | None = None
    first_byte: float | None = None  # of the first answer: streamed bytes, or the 202
    memory: Memory = field(default_factory=Memory)
    cpu_web: float = 0.0
    cpu_rest: float = 0.0  # the web process's descendants: the pool workers, mostly
    cpu_bench: float = 0.0  # this process: the client and the memory sampler
    host_busy: float = 0.0  # the whole host, meanwhile
    check: ArchiveCheck = field(default_factory=ArchiveCheck)
    archives: list[tuple[Path, int]] = field(default_factory=list)  # (ZIP, items sent), to check
    error: str = ""
    idle_tree_kib: int = 0  # the tree after the warm-up, before the measured run
    web_hwm_kib: int = 0  # the kernel's peak of the web process since it started (VmHWM)
    worker_hwm_kib: list[int] = field(default_factory=list)  # the same, of each pool worker
    server_errors: list[str] = field(default_factory=list)  # 5xx answers, tracebacks

    @property
    def rate(self) -> float | None:
        return self.size / self.seconds if self.seconds else None


def _chunks(items: list[dict], size: int) -> list[list[dict]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def send_batches(server: Server, items: list[dict], cap: int, workdir: Path) -> PathRun:
    """The items through ``POST /api/v1/batch``, requests of at most ``cap`` sent in turn."""
    run = PathRun(len(items), "batch")
    start = time.perf_counter()
    for number, chunk in enumerate(_chunks(items, cap), start=1):
        sink = workdir / f"batch-{number:03d}.zip"
        answer = server.request(
            "POST", "/api/v1/batch", {"items": chunk, "formats": FORMATS}, sink=sink
        )
        run.requests += 1
        if run.first_byte is None:
            run.first_byte = answer.first_byte
        if answer.status != 200:
            run.error = f"HTTP {answer.status} : {answer.body[:300].decode(errors='replace')}"
            return run
        run.archives.append((sink, len(chunk)))
    run.seconds = time.perf_counter() - start
    return run


def send_job(server: Server, items: list[dict], workdir: Path, poll: float = 0.25) -> PathRun:
    """The items through ``POST /api/v1/jobs``: one request, status polled, archive downloaded."""
    run = PathRun(len(items), "jobs", requests=1)
    start = time.perf_counter()
    answer = server.request("POST", "/api/v1/jobs", {"items": items, "formats": FORMATS})
    run.first_byte = answer.first_byte
    if answer.status != 202:
        run.error = f"HTTP {answer.status} : {answer.body[:300].decode(errors='replace')}"
        return run
    location = answer.headers["Location"]
    deadline = time.monotonic() + max(600, 5 * len(items))
    while True:
        status = server.request("GET", location)
        run.requests += 1
        job = json.loads(status.body) if status.status == 200 else {}
        if job.get("status") in ("done", "failed", "expired") or time.monotonic() > deadline:
            break
        time.sleep(poll)
    if job.get("status") != "done":
        run.error = f"tâche {job.get('status', status.status)} : {job.get('detail')}"
        return run
    sink = workdir / "job.zip"
    answer = server.request("GET", job["archive"], sink=sink)
    run.requests += 1
    run.seconds = time.perf_counter() - start
    if answer.status != 200:
        run.error = f"archive : HTTP {answer.status}"
        return run
    run.archives.append((sink, len(items)))
    return run


def measured(server: Server, interval: float, send: Callable[[], PathRun]) -> PathRun:
    """Run ``send`` with the server's memory sampled and its CPU time counted."""
    tree = process_tree(server.pid)
    cpu_before = {pid: cpu_seconds(pid) for pid in tree}
    busy, own = host_busy_seconds(), time.process_time()
    with MemorySampler(server.pid, interval) as sampler:
        run = send()
    run.host_busy = host_busy_seconds() - busy
    run.cpu_bench = time.process_time() - own
    cpu_after = {pid: cpu_seconds(pid) for pid in process_tree(server.pid)}
    spent = {pid: cpu_after[pid] - cpu_before.get(pid, 0.0) for pid in cpu_after}
    run.memory = sampler.memory
    run.cpu_web = spent.pop(server.pid, 0.0)
    run.cpu_rest = sum(spent.values())
    return run


# --------------------------------------------------------------------------- LibreOffice


@dataclass
class LibreOfficeRun:
    """The same DOCX converted to PDF by ``processes`` soffice processes in parallel."""

    size: int
    processes: int
    calls: int = 0
    seconds: float | None = None
    first_pdf: float | None = None  # start-up: seconds until the first PDF appeared
    converted: int = 0
    peak_rss_kib: int = 0
    cpu: float = 0.0  # CPU time of the soffice processes
    host_busy: float = 0.0  # CPU time of the whole host meanwhile
    error: str = ""

    @property
    def rate(self) -> float | None:
        return self.converted / self.seconds if self.seconds else None


def _soffice_calls(
    soffice: str, files: list[Path], profile: Path, outdir: Path, per_call: int, run: LibreOfficeRun
) -> None:
    """Convert ``files`` one call after the other, at most ``per_call`` files per call."""
    for first in range(0, len(files), per_call):
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
        cmd += ["--convert-to", "pdf", "--outdir", str(outdir)]
        cmd += [str(path) for path in files[first : first + per_call]]
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # wait4: the peak RSS of this soffice and of the descendants it waited for.
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = code = os.waitstatus_to_exitcode(status)
        run.calls += 1
        run.peak_rss_kib = max(run.peak_rss_kib, usage.ru_maxrss)
        run.cpu += usage.ru_utime + usage.ru_stime
        if code:
            run.error += f"soffice : code {code}. "


def convert_with_libreoffice(
    soffice: str, docx_dir: Path, workdir: Path, processes: int, per_call: int = 200
) -> LibreOfficeRun:
    """Convert every DOCX of ``docx_dir``: ``processes`` soffice in parallel, a share each.

    Each share is converted by calls of at most ``per_call`` files (LibreOffice 7.4 silently
    ignores the arguments past the 253rd), one after the other, with a fresh profile.
    """
    files = sorted(docx_dir.glob("*.docx"))
    run = LibreOfficeRun(len(files), processes)
    outdir = workdir / f"lo-{processes}"
    shutil.rmtree(outdir, ignore_errors=True)
    outdir.mkdir()
    threads = [
        threading.Thread(
            target=_soffice_calls,
            args=(soffice, files[i::processes], workdir / f"lo-profile-{processes}-{i}"),
            kwargs={"outdir": outdir, "per_call": per_call, "run": run},
        )
        for i in range(processes)
    ]
    busy = host_busy_seconds()
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        if run.first_pdf is None and any(outdir.glob("*.pdf")):
            run.first_pdf = time.perf_counter() - start
        time.sleep(0.05)
    run.seconds = time.perf_counter() - start
    run.host_busy = host_busy_seconds() - busy
    run.converted = len(list(outdir.glob("*.pdf")))
    if run.converted != len(files):
        run.error += f"{run.converted} PDF pour {len(files)} DOCX."
    shutil.rmtree(outdir, ignore_errors=True)
    return run


# --------------------------------------------------------------------------- one size, all sizes


@dataclass
class SizeRun:
    """Everything measured for one batch size."""

    size: int
    paths: list[PathRun] = field(default_factory=list)
    libreoffice: list[LibreOfficeRun] = field(default_factory=list)
    lo_status: str = ""


@dataclass
class Report:
    """A whole benchmark run."""

    sizes: list[SizeRun]
    cap: int
    workers: int
    lo_per_call: int = DEFAULTS["lo_per_call"]
    environment: str = ""
    load_before: float | None = None
    load_after: float | None = None


def run_size(
    size: int,
    *,
    paths: list[str],
    cap: int,
    workers: int | None,
    lo_processes: list[int],
    lo_per_call: int,
    soffice: str | None,
    lo_status: str,
    interval: float,
    log: Callable[[str], None],
) -> SizeRun:
    """Send ``size`` items by each path, a fresh server each, then convert with LibreOffice."""
    result = SizeRun(size, lo_status=lo_status)
    items = batch_items(size)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        workdir = Path(tmp)
        docx_dir = workdir / "docx"
        docx_dir.mkdir()
        for path in paths:
            log(f"{size} items: {PATH_LABELS[path]}: starting a server…")
            target = docx_dir if not any(docx_dir.iterdir()) else None  # DOCX kept once
            result.paths.append(
                run_path(path, items, workdir / path, cap, workers, target, interval)
            )
        if soffice and any(docx_dir.iterdir()):
            for processes in lo_processes:
                log(f"{size} items: LibreOffice, {processes} soffice process(es)…")
                result.libreoffice.append(
                    convert_with_libreoffice(soffice, docx_dir, workdir, processes, lo_per_call)
                )
    return result


def run_path(
    path: str,
    items: list[dict],
    workdir: Path,
    cap: int,
    workers: int | None,
    docx_dir: Path | None,
    interval: float,
) -> PathRun:
    """Start a fresh server, warm it up, send the items by one path; the server is stopped."""
    workdir.mkdir()
    server = Server(workdir, batch_max_items=cap, workers=workers)
    try:
        # Warm-up, not timed: starts the pool (docgen and WeasyPrint imported once per worker).
        warm = batch_items(min(cap, 2 * pool_size(workers)))
        answer = server.request("POST", "/api/v1/batch", {"items": warm, "formats": FORMATS})
        if answer.status != 200:
            raise RuntimeError(f"échauffement : HTTP {answer.status} {answer.body[:300]!r}")
        idle = sum(_status_kib(pid, "VmRSS") for pid in process_tree(server.pid))
        if path == "batch":
            send = functools.partial(send_batches, server, items, cap, workdir)
        else:
            send = functools.partial(send_job, server, items, workdir)
        run = measured(server, interval, send)
        run.idle_tree_kib = idle
        tree = process_tree(server.pid)
        run.web_hwm_kib = _status_kib(server.pid, "VmHWM")
        run.worker_hwm_kib = [
            _status_kib(pid, "VmHWM") for pid, role in tree.items() if role == "worker"
        ]
        run.server_errors = server.server_errors()
    finally:
        server.close()
    for archive, count in run.archives:  # after the measurement: its CPU is not the server's
        run.check.add(check_archive(archive, count, docx_dir))
        archive.unlink()
    return run


def pool_size(workers: int | None) -> int:
    """The server's number of generation workers (``docgen.bulk.pool.size``)."""
    from docgen.bulk import pool

    return pool.size(workers or 0)


def run_benchmark(
    *,
    sizes: list[int],
    paths: list[str],
    cap: int,
    workers: int | None = None,
    libreoffice: bool = True,
    lo_processes: list[int] | None = None,
    lo_per_call: int = DEFAULTS["lo_per_call"],
    interval: float = DEFAULTS["interval"],
    log: Callable[[str], None] = lambda message: None,
) -> Report:
    """Measure every size and return the figures."""
    soffice = shutil.which("soffice") if libreoffice else None
    if not libreoffice:
        lo_status = "disabled (--no-libreoffice)"
    elif soffice is None:
        lo_status = "unavailable: no soffice"
    else:
        lo_status = ""
    report = Report([], cap, pool_size(workers), lo_per_call)
    report.load_before = os.getloadavg()[0]
    for size in sizes:
        report.sizes.append(
            run_size(
                size,
                paths=paths,
                cap=cap,
                workers=workers,
                lo_processes=lo_processes or [1, 2],
                lo_per_call=lo_per_call,
                soffice=soffice,
                lo_status=lo_status,
                interval=interval,
                log=log,
            )
        )
    report.load_after = os.getloadavg()[0]
    report.environment = _environment()
    return report


def _environment() -> str:
    from importlib import metadata

    versions = []
    for dist in ("flask", "weasyprint"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} ?")
    return f"Python {sys.version.split()[0]}, {', '.join(versions)}, {os.cpu_count()} CPU"


# --------------------------------------------------------------------------- report


def _mib(kib: int) -> str:
    return f"{kib / 1024:.1f}"


def _mb(kib: int) -> float:
    return kib * 1024 / 1e6


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _verdict(ok: bool | None) -> str:
    return "unavailable" if ok is None else ("OK" if ok else "NOT MET")


def _line(label: str, value: str) -> str:
    return f"  {label:<52} {value}"


def _path_label(run: PathRun, cap: int) -> str:
    if run.path == "batch":
        count = -(-run.size // cap)
        shape = f"1 × {run.size}" if count == 1 else f"{count} × ≤ {cap}, in turn"
        return f"POST /batch ({shape})"
    return "POST /jobs + poll + archive"


def format_report(report: Report) -> str:
    """The report as plain text: API figures, LibreOffice, ratios, memory, verdicts."""
    cap = report.cap
    lines = [
        f"Batch of mises en demeure, DOCX + PDF per item, through the HTTP API — "
        f"{report.environment}",
        f"Server: flask --app app run (werkzeug, threaded), {report.workers} generation "
        f"workers, BATCH_MAX_ITEMS {cap}; a fresh server and database per size and path, "
        "warmed up by one untimed batch",
        f"Cases: the {len(load_examples())} examples, each item with its own debtor name, "
        "invoice numbers and amounts",
        "",
    ]
    header = (
        f"{'items':>5}  {'path':<34} {'reqs':>4} {'total s':>8} {'items/s':>7} "
        f"{'1st byte s':>10} {'web MiB':>8} {'tree MiB':>8} {'tree PSS':>8} {'procs':>5} "
        f"{'ok/total':>10}"
    )
    lines += [header, "-" * len(header)]
    for size in report.sizes:
        for run in size.paths:
            label = _path_label(run, cap)
            if run.error:
                lines.append(f"{run.size:>5}  {label:<34} failed: {run.error}")
                continue
            memory = run.memory
            lines.append(
                f"{run.size:>5}  {label:<34} {run.requests:>4} {_num(run.seconds):>8} "
                f"{_num(run.rate, 2):>7} {_num(run.first_byte, 2):>10} "
                f"{_mib(memory.web_peak):>8} {_mib(memory.tree_peak):>8} "
                f"{_mib(memory.tree_pss_peak):>8} {memory.processes:>5} "
                f"{f'{run.check.ok}/{run.check.total}':>10}"
            )
    lines.append(
        "(total: first request sent → last archive byte received; items/s: items (each a DOCX"
        " and a PDF) ÷ total; reqs: HTTP requests, polls included; web / tree MiB: peak VmRSS of"
        " the web process / of the sum over the web process and its descendants (forkserver,"
        " pool workers), sampled every 100 ms; tree PSS: the same sum without double-counted"
        " shared pages)"
    )
    largest = max((s.size for s in report.sizes), default=0)
    if largest > cap:
        lines.append(
            f"Path for {largest} items: POST /api/v1/jobs — one request, one archive; "
            f"/batch takes at most {cap} items per request (413 beyond)."
        )

    lines += ["", "CPU (s) and archive checks"]
    for size in report.sizes:
        for run in size.paths:
            if run.error:
                continue
            check = run.check
            others = run.host_busy - run.cpu_web - run.cpu_rest - run.cpu_bench
            use = run.cpu_rest / (run.seconds * report.workers) if run.seconds else 0.0
            lines.append(
                _line(
                    f"{run.size} items, {run.path}",
                    f"web {run.cpu_web:.1f}, workers {run.cpu_rest:.1f} (pool busy {use:.0%}), "
                    f"client {run.cpu_bench:.1f}, other processes {max(others, 0.0):.1f}",
                )
            )
            lines.append(
                _line(
                    "    archive",
                    f"{check.ok} ok, {check.failed} failed, {check.docx} DOCX, {check.pdf} PDF"
                    + (f"; PROBLEMS: {'; '.join(check.problems[:3])}" if check.problems else ""),
                )
            )
            for failure in check.failures[:5]:
                lines.append(f"      failure: {failure}")

    lines += ["", "LibreOffice: the same DOCX (from the archive) → PDF, fresh profile per process"]
    header = (
        f"{'items':>5}  {'soffice processes':<30} {'calls':>5} {'total s':>8} {'docs/s':>7} "
        f"{'start-up s':>10} {'peak MiB':>9} {'cpu s':>7} {'others s':>8} {'PDFs':>6}"
    )
    lines += [header, "-" * len(header)]
    for size in report.sizes:
        if not size.libreoffice:
            lines.append(f"{size.size:>5}  {size.lo_status or 'unavailable'}")
        for lo in size.libreoffice:
            label = "1, every file" if lo.processes == 1 else f"{lo.processes} in parallel"
            others = max(lo.host_busy - lo.cpu, 0.0)
            lines.append(
                f"{lo.size:>5}  {label:<30} {lo.calls:>5} {_num(lo.seconds):>8} "
                f"{_num(lo.rate, 2):>7} {_num(lo.first_pdf):>10} {_mib(lo.peak_rss_kib):>9} "
                f"{lo.cpu:>7.1f} {others:>8.1f} {lo.converted:>6}"
                + (f"  ERROR {lo.error}" if lo.error else "")
            )
    lines.append(
        f"(calls: soffice --convert-to pdf of at most {report.lo_per_call} files each, one"
        " after the other per process — LibreOffice 7.4 silently ignores the arguments past the"
        " 253rd; start-up: until the first PDF appeared, profile creation included; others:"
        " CPU of every other process of the host meanwhile. LibreOffice only converts DOCX →"
        " PDF, while the engine validates the case, computes the amounts, fills the template,"
        " writes the DOCX and the PDF of every item, and the ZIP)"
    )

    lines += ["", "Ratios: engine items/s ÷ LibreOffice documents/s"]
    for size in report.sizes:
        for run in size.paths:
            for lo in size.libreoffice:
                if run.rate and lo.rate:
                    lines.append(
                        _line(
                            f"{size.size} items, {run.path} ÷ {lo.processes} soffice",
                            f"{run.rate / lo.rate:.2f}",
                        )
                    )

    lines += [
        "",
        "CPU time per document (s), robust to the host's other load: engine (web + workers) per"
        " item, a DOCX and a PDF; LibreOffice (soffice) per PDF",
    ]
    for size in report.sizes:
        engine = [(run.path, _cpu_per_item(run)) for run in size.paths if _cpu_per_item(run)]
        office = [(lo.processes, lo.cpu / lo.converted) for lo in size.libreoffice if lo.converted]
        figures = [f"{path} {cpu:.3f}" for path, cpu in engine]
        figures += [f"{n} soffice {cpu:.3f}" for n, cpu in office]
        lines.append(_line(f"{size.size} items", ", ".join(figures) or "–"))
        for path, cpu in engine:
            for processes, lo_cpu in office:
                lines.append(
                    _line(
                        f"    LO {processes} soffice CPU/PDF ÷ engine {path} CPU/item",
                        f"{lo_cpu / cpu:.2f}",
                    )
                )

    lines += ["", "Memory of the server (RSS, MiB)"]
    for size in report.sizes:
        for run in size.paths:
            if run.error:
                continue
            memory = run.memory
            growth = memory.tree_end - memory.tree_start
            roles: dict[str, list[int]] = defaultdict(list)
            for role, kib in memory.at_peak:
                roles[role].append(kib)
            breakdown = ", ".join(
                f"{role} {' + '.join(_mib(kib) for kib in values)}"
                for role, values in roles.items()
            )
            workers = " + ".join(_mib(kib) for kib in run.worker_hwm_kib) or "–"
            lines.append(
                _line(
                    f"{size.size} items, {run.path}",
                    f"tree after warm-up {_mib(run.idle_tree_kib)}, during the run "
                    f"{_mib(memory.tree_start)} → {_mib(memory.tree_end)} ({growth / 1024:+.1f});"
                    f" {memory.samples} samples",
                )
            )
            lines.append(_line("    at the tree's peak", breakdown))
            lines.append(
                _line(
                    "    kernel peaks (VmHWM)",
                    f"web {_mib(run.web_hwm_kib)}, workers {workers}",
                )
            )
            if run.server_errors:
                lines.append(_line("    server errors", str(len(run.server_errors))))
                lines += [f"      {line[:160]}" for line in run.server_errors[:5]]
            else:
                lines.append(_line("    server errors (5xx, tracebacks)", "none"))

    lines += ["", "Verdicts"]
    lines += _verdicts(report)
    return "\n".join(lines)


def _cpu_per_item(run: PathRun) -> float | None:
    if run.error or not run.size:
        return None
    return (run.cpu_web + run.cpu_rest) / run.size


def _verdicts(report: Report) -> list[str]:
    runs = [run for size in report.sizes for run in size.paths if not run.error]
    limit = TARGETS["server_rss_mb"]
    lines = []
    # The server's memory is its tree's PSS: each page counted once, a shared one split between
    # the processes sharing it. The sum of RSS counts the interpreter, the libraries and the
    # pages the workers inherit from the forkserver once per process: shown, not judged.
    for label, key, judged in (
        ("peak PSS < {limit} MB, web process + pool workers", "tree_pss_peak", True),
        ("peak RSS < {limit} MB, web process alone", "web_peak", True),
        ("peak RSS, sum over the tree (shared pages counted per process)", "tree_peak", False),
    ):
        label = label.format(limit=limit)
        if not runs:
            lines.append(_line(label, "unavailable"))
            continue
        peak = max(runs, key=lambda run, key=key: getattr(run.memory, key))
        mb = _mb(getattr(peak.memory, key))
        where = f"largest: {mb:.1f} MB, {peak.size} items by {peak.path}"
        lines.append(_line(label, f"{_verdict(mb < limit)} ({where})" if judged else where))
    sizes = sorted({run.size for run in runs})
    for path in dict.fromkeys(run.path for run in runs):
        by_size = {run.size: run for run in runs if run.path == path}
        if len(sizes) < 2 or sizes[0] not in by_size or sizes[-1] not in by_size:
            lines.append(_line(f"memory flat, {path}", "unavailable (one size only)"))
            continue
        small, large = by_size[sizes[0]].memory, by_size[sizes[-1]].memory
        tree_ratio = large.tree_peak / small.tree_peak
        web_ratio = large.web_peak / small.web_peak
        ok = max(tree_ratio, web_ratio) <= TARGETS["flat"]
        lines.append(
            _line(
                f"memory flat, {path}: {sizes[-1]} vs {sizes[0]} items ≤ {TARGETS['flat']:.2f} ×",
                f"{_verdict(ok)} (tree {tree_ratio:.2f} ×, web {web_ratio:.2f} ×)",
            )
        )
    compared = False
    for size in report.sizes:
        engine = next((r for r in size.paths if r.path == "jobs" and r.rate), None)
        engine = engine or next((r for r in size.paths if r.rate), None)
        los = [lo for lo in size.libreoffice if lo.rate]
        if engine is None or not los:
            continue
        compared = True
        best = max(los, key=lambda lo: lo.rate or 0)
        ratio = (engine.rate or 0) / (best.rate or 1)
        lines.append(
            _line(
                f"faster than LibreOffice, {size.size} items",
                f"{_verdict(ratio > TARGETS['vs_libreoffice'])} ({engine.path} {ratio:.2f} × "
                f"the faster LibreOffice way, {best.processes} soffice)",
            )
        )
    if not compared:
        lines.append(_line("faster than LibreOffice", "unavailable"))
    failures = sum(run.check.failed + len(run.check.problems) for run in runs)
    lines.append(
        _line(
            "every item ok in the archives",
            _verdict(None if not runs else failures == 0 and all(r.check.total for r in runs)),
        )
    )
    return lines


# --------------------------------------------------------------------------- command line


def _int_list(text: str) -> list[int]:
    values = [int(part) for part in text.split(",") if part.strip()]
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("liste d'entiers ≥ 1 attendue (ex. 100,1000)")
    return values


def _paths(text: str) -> list[str]:
    values = [part.strip() for part in text.split(",") if part.strip()]
    if not values or set(values) - set(PATH_LABELS):
        raise argparse.ArgumentTypeError(f"chemins possibles : {', '.join(PATH_LABELS)}")
    return list(dict.fromkeys(values))


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=_int_list, default=DEFAULTS["sizes"], help="items per batch (100,1000)"
    )
    parser.add_argument(
        "--paths", type=_paths, default=DEFAULTS["paths"], help="batch, jobs or both (batch,jobs)"
    )
    parser.add_argument(
        "--batch-max-items",
        type=int,
        help="the server's BATCH_MAX_ITEMS (default: the app's, 100); larger sizes are sent "
        "to /batch in several requests",
    )
    parser.add_argument("--workers", type=int, help="the server's GENERATION_WORKERS")
    parser.add_argument("--no-libreoffice", action="store_true", help="skip LibreOffice")
    parser.add_argument(
        "--lo-processes",
        type=_int_list,
        default=DEFAULTS["lo_processes"],
        help="soffice processes in parallel to try (1,2)",
    )
    parser.add_argument(
        "--lo-per-call",
        type=int,
        default=DEFAULTS["lo_per_call"],
        help="files per soffice call, at most 246 (LibreOffice 7.4 ignores the arguments past "
        "the 255th)",
    )
    args = parser.parse_args(argv)
    if args.batch_max_items is not None and args.batch_max_items < 1:
        parser.error("--batch-max-items must be ≥ 1")
    if not 1 <= args.lo_per_call <= 246:
        parser.error("--lo-per-call must be between 1 and 246")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    from app import DEFAULTS as APP_DEFAULTS

    cap = args.batch_max_items or APP_DEFAULTS["BATCH_MAX_ITEMS"]
    started = time.perf_counter()
    report = run_benchmark(
        sizes=args.sizes,
        paths=args.paths,
        cap=cap,
        workers=args.workers,
        libreoffice=not args.no_libreoffice,
        lo_processes=args.lo_processes,
        lo_per_call=args.lo_per_call,
        log=lambda message: print(message, file=sys.stderr, flush=True),
    )
    print(format_report(report))
    print(
        f"\nHost load average {report.load_before:.2f} → {report.load_after:.2f}; "
        f"benchmark took {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
