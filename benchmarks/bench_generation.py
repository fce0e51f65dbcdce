"""Benchmark of document generation: docxtpl's floor, the engine's DOCX, HTML and PDF, LibreOffice.

Run from the project root: ``python benchmarks/bench_generation.py [--runs N]``. Every path
renders the shared benchmark document (``../shared/bench/template.docx`` with ``context.json``)
in one run, the in-process paths interleaved round by round so that the host's drift affects
them alike. Warm-up runs are excluded. See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import re
import resource
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import xmlrpc.client
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT.parent / "shared" / "bench"

#: Targets the figures are judged against.
TARGETS = {
    "docx_ratio": 1.25,  # engine DOCX / docxtpl floor, at most
    "pdf_vs_warm_lo": 1.0,  # engine PDF / warm LibreOffice, below
    "peak_rss_mb": 150,  # peak RSS of one generation in a fresh process, below (MB = 10^6 B)
}

#: Default numbers of runs: the whole script finishes in well under two minutes.
DEFAULTS = {
    "runs": 30,  # timed runs of each in-process path, and of warm LibreOffice
    "warmup": 2,  # untimed runs of each path first
    "cold_runs": 5,  # one soffice process per document
    "rss_docs": 100,  # PDFs generated in one process to watch its RSS
}

if str(ROOT) not in sys.path:  # run as a script from a checkout: import docgen from the tree
    sys.path.insert(0, str(ROOT))


# --------------------------------------------------------------------------- inputs and helpers


@dataclass(frozen=True)
class Inputs:
    """The benchmark document: template bytes and its context."""

    template: bytes
    context: dict[str, Any]


def load_inputs(bench_dir: Path = BENCH_DIR) -> Inputs:
    """Read the shared benchmark template and context."""
    return Inputs(
        (bench_dir / "template.docx").read_bytes(),
        json.loads((bench_dir / "context.json").read_text(encoding="utf-8")),
    )


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 5 values is their maximum)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def rss_mib() -> float | None:
    """Current resident set size of this process, in MiB (Linux only)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return None
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else None


def pdf_pages(pdf: bytes) -> int | None:
    """Number of pages of a PDF: pypdf if installed, else poppler's pdfinfo."""
    try:
        from pypdf import PdfReader
    except ImportError:
        pass
    else:
        return len(PdfReader(io.BytesIO(pdf)).pages)
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return None
    out = subprocess.run(
        [pdfinfo, "-"], input=pdf, capture_output=True, check=False, timeout=30
    ).stdout.decode("latin-1")
    found = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
    return int(found.group(1)) if found else None


# --------------------------------------------------------------------------- measured paths


def docxtpl_floor(inputs: Inputs) -> bytes:
    """Plain docxtpl render and save: the floor of DOCX generation."""
    from docxtpl import DocxTemplate

    doc = DocxTemplate(io.BytesIO(inputs.template))
    doc.render(inputs.context, autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def engine_docx(inputs: Inputs) -> bytes:
    """The engine's DOCX: sandboxed render and serialisation."""
    from docgen.word.render import docx_bytes, render_docx

    return docx_bytes(render_docx(inputs.template, inputs.context, name="bench"))


def engine_pdf(inputs: Inputs) -> bytes:
    """The engine's PDF from the template: render, convert to HTML, lay out with WeasyPrint."""
    from docgen.pdf.converter import docx_to_html
    from docgen.pdf.output import html_to_pdf
    from docgen.word.render import render_docx

    rendered = render_docx(inputs.template, inputs.context, name="bench")
    return html_to_pdf(docx_to_html(rendered.docx), xml=True)


class ColdLibreOffice:
    """One ``soffice --convert-to pdf`` process per document, with a profile of its own."""

    def __init__(self, soffice: str, workdir: Path) -> None:
        self.soffice = soffice
        self.workdir = workdir
        self.profile = (workdir / "profile-cold").as_uri()
        self.peak_rss_kib = 0
        self.cpu_ms: list[float] = []

    def convert(self, docx: bytes) -> bytes:
        source = self.workdir / "cold.docx"
        target = self.workdir / "cold.pdf"
        source.write_bytes(docx)
        target.unlink(missing_ok=True)
        cmd = [
            self.soffice,
            f"-env:UserInstallation={self.profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(self.workdir),
            str(source),
        ]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # wait4 reports the peak RSS of this child and of the descendants it waited for.
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        self.peak_rss_kib = max(self.peak_rss_kib, usage.ru_maxrss)
        self.cpu_ms.append((usage.ru_utime + usage.ru_stime) * 1000)
        if proc.returncode != 0 or not target.is_file():
            raise RuntimeError(f"soffice a échoué (code {proc.returncode})")
        return target.read_bytes()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_unoserver(explicit: str | None = None) -> list[str] | None:
    """A command that starts unoserver with a Python that has LibreOffice's ``uno``, or None."""
    candidates = []
    for value in (explicit, os.environ.get("UNOSERVER")):
        if value:
            candidates.append(shlex.split(value))
    if shutil.which("unoserver"):
        candidates.append([shutil.which("unoserver")])
    for python in ("/usr/bin/python3", "/usr/lib/libreoffice/program/python"):
        if Path(python).is_file():
            candidates.append([python, "-m", "unoserver.server"])
    for cmd in candidates:
        try:  # the server imports uno before parsing arguments: --version tests both
            probe = subprocess.run(
                [*cmd, "--version"], capture_output=True, check=False, timeout=30
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return cmd
    return None


class WarmLibreOffice:
    """A LibreOffice kept running by unoserver, converting over its XML-RPC interface."""

    def __init__(self, command: list[str], soffice: str, workdir: Path) -> None:
        port, uno_port = _free_port(), _free_port()
        self.log = (workdir / "unoserver.log").open("wb")
        self.process = subprocess.Popen(
            [
                *command,
                "--interface=127.0.0.1",
                f"--port={port}",
                f"--uno-port={uno_port}",
                f"--user-installation={workdir / 'profile-warm'}",
                f"--executable={soffice}",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}", allow_none=True)
        deadline = time.monotonic() + 90
        while True:
            try:
                self.proxy.info()
                break
            except (OSError, xmlrpc.client.Error):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.close()
                    raise RuntimeError("unoserver n'a pas démarré") from None
                time.sleep(0.25)

    def convert(self, docx: bytes) -> bytes:
        # The arguments of unoserver 3's convert(): inpath, indata, outpath, convert_to,
        # filtername, filter_options, update_index, infiltername, password.
        result = self.proxy.convert(
            None, xmlrpc.client.Binary(docx), None, "pdf", None, [], True, None, None
        )
        return result.data

    def peak_rss_kib(self) -> int | None:
        """Peak RSS of the largest process of the server's tree (soffice.bin), from /proc."""
        peak = None
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text(encoding="ascii", errors="replace")
            except OSError:
                continue
            sid = _session_of(status.parent)
            found = re.search(r"^VmHWM:\s+(\d+) kB", text, re.MULTILINE)
            if sid == self.process.pid and found:
                peak = max(peak or 0, int(found.group(1)))
        return peak

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)  # the group this class started
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def _session_of(proc_dir: Path) -> int | None:
    try:
        stat = (proc_dir / "stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    return int(fields[3]) if len(fields) > 3 else None  # state, ppid, pgrp, session


# --------------------------------------------------------------------------- measurement


@dataclass
class Row:
    """Timings of one path, in milliseconds; ``status`` explains a path that was not measured."""

    label: str
    times_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    pages: int | None = None
    status: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.times_ms) if self.times_ms else None

    @property
    def p95(self) -> float | None:
        return percentile(self.times_ms, 95) if self.times_ms else None

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu_ms) if self.cpu_ms else None


@dataclass
class Report:
    """Everything one benchmark run measured."""

    rows: dict[str, Row]
    peak_rss_kib: int | None = None
    peak_rss_error: str = ""
    rss_checkpoints: list[tuple[int, float]] = field(default_factory=list)
    lo_cold_rss_kib: int | None = None
    lo_warm_rss_kib: int | None = None
    environment: str = ""
    load_before: float | None = None
    load_after: float | None = None

    def cpu_share(self) -> float | None:
        """CPU time / wall time of the in-process paths: below ~0.9, others took the CPU."""
        names = ("floor", "docx", "html", "pdf", "weasy")
        wall = sum(sum(self.rows[name].times_ms) for name in names)
        cpu = sum(sum(self.rows[name].cpu_ms) for name in names)
        return cpu / wall if wall else None


def interleave(
    paths: dict[str, Callable[[], Any]], runs: int, warmup: int
) -> dict[str, tuple[list[float], list[float]]]:
    """Time every path ``runs`` times, one run of each per round, in a rotating order.

    Returns the wall-clock and the CPU times of this process, in milliseconds, of each path.
    """
    names = list(paths)
    for _ in range(warmup):
        for name in names:
            paths[name]()
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in names}
    for round_no in range(runs):
        shift = round_no % len(names)
        for name in names[shift:] + names[:shift]:
            start, start_cpu = time.perf_counter(), time.process_time()
            paths[name]()
            times[name][1].append((time.process_time() - start_cpu) * 1000)
            times[name][0].append((time.perf_counter() - start) * 1000)
    return times


def timed(fn: Callable[[], Any], runs: int, warmup: int) -> list[float]:
    """Time one path on its own (wall clock, milliseconds)."""
    return interleave({"path": fn}, runs, warmup)["path"][0]


def peak_rss_of_one_generation() -> tuple[int | None, str]:
    """Peak memory (KiB, VmHWM) of a fresh child that imports docgen and generates one PDF."""
    try:
        child = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--peak-child"],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return None, "délai dépassé"
    found = re.search(r"^maxrss_kib=(\d+)$", child.stdout, re.MULTILINE)
    if child.returncode != 0 or not found:
        return None, (child.stderr.strip().splitlines() or ["échec"])[-1][:120]
    return int(found.group(1)), ""


def _peak_child() -> None:
    engine_pdf(load_inputs())
    # VmHWM, the high-water mark of this process's own memory. Not ru_maxrss: Linux carries
    # it over exec, so it would start at the RSS of the benchmark process that forked us.
    status = Path("/proc/self/status").read_text(encoding="ascii")
    found = re.search(r"^VmHWM:\s+(\d+) kB$", status, re.MULTILINE)
    peak = int(found.group(1)) if found else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"maxrss_kib={peak}")


def run_benchmark(
    *,
    runs: int = DEFAULTS["runs"],
    warmup: int = DEFAULTS["warmup"],
    cold_runs: int = DEFAULTS["cold_runs"],
    rss_docs: int = DEFAULTS["rss_docs"],
    libreoffice: bool = True,
    unoserver: str | None = None,
    bench_dir: Path = BENCH_DIR,
    log: Callable[[str], None] = lambda message: None,
) -> Report:
    """Measure every path on the benchmark document and return the figures."""
    from docgen.pdf.converter import docx_to_html
    from docgen.pdf.output import html_to_pdf, warm_up
    from docgen.word.render import render_docx

    warm_up()  # as a generation worker does when it starts
    inputs = load_inputs(bench_dir)
    rendered = render_docx(inputs.template, inputs.context, name="bench")
    docx = engine_docx(inputs)
    html = docx_to_html(rendered.docx)

    rows = {
        "floor": Row("docxtpl render + save (floor)"),
        "docx": Row("engine DOCX (render_docx + docx_bytes)"),
        "html": Row("engine DOCX → HTML (docx_to_html)"),
        "pdf": Row("engine PDF, template → PDF end to end"),
        "weasy": Row("  of which WeasyPrint (html_to_pdf)"),
        "lo_cold": Row("LibreOffice cold (soffice per document)"),
        "lo_warm": Row("LibreOffice warm (unoserver)"),
    }
    report = Report(rows)
    paths: dict[str, Callable[[], Any]] = {
        "floor": lambda: docxtpl_floor(inputs),
        "docx": lambda: engine_docx(inputs),
        "html": lambda: docx_to_html(rendered.docx),
        "pdf": lambda: engine_pdf(inputs),
        "weasy": lambda: html_to_pdf(html, xml=True),
    }
    rows["pdf"].pages = pdf_pages(engine_pdf(inputs))
    rows["weasy"].pages = rows["pdf"].pages

    with tempfile.TemporaryDirectory(prefix="bench-lo-") as tmp:
        workdir = Path(tmp)
        soffice = shutil.which("soffice") if libreoffice else None
        warm = None
        if not libreoffice:
            rows["lo_cold"].status = rows["lo_warm"].status = "disabled (--no-libreoffice)"
        elif soffice is None:
            rows["lo_cold"].status = rows["lo_warm"].status = "unavailable: no soffice"
        else:
            cold = ColdLibreOffice(soffice, workdir)
            log(f"LibreOffice cold: {cold_runs} documents, one process each…")
            try:
                rows["lo_cold"].pages = pdf_pages(cold.convert(docx))  # warm-up: builds the profile
                rows["lo_cold"].times_ms = timed(lambda: cold.convert(docx), cold_runs, 0)
                report.lo_cold_rss_kib = cold.peak_rss_kib
                rows["lo_cold"].cpu_ms = cold.cpu_ms[1:]  # its own CPU, soffice's processes
            except (OSError, RuntimeError) as exc:
                rows["lo_cold"].status = f"unavailable: {exc}"
            command = find_unoserver(unoserver)
            if command is None:
                rows["lo_warm"].status = "unavailable: no unoserver with LibreOffice's uno"
            else:
                log(f"LibreOffice warm: starting {' '.join(command)}…")
                try:
                    warm = WarmLibreOffice(command, soffice, workdir)
                    rows["lo_warm"].pages = pdf_pages(warm.convert(docx))
                    paths["lo_warm"] = lambda: warm.convert(docx)
                except (OSError, RuntimeError, xmlrpc.client.Error) as exc:
                    rows["lo_warm"].status = f"unavailable: {exc}"
                    if warm is not None:
                        warm.close()
                        warm = None
        try:
            log(f"In-process paths: {warmup} warm-up + {runs} rounds…")
            report.load_before = os.getloadavg()[0]
            for name, (wall, cpu) in interleave(paths, runs, warmup).items():
                rows[name].times_ms = wall
                if name != "lo_warm":  # the client's CPU says nothing of LibreOffice's
                    rows[name].cpu_ms = cpu
            report.load_after = os.getloadavg()[0]
            if warm is not None:
                report.lo_warm_rss_kib = warm.peak_rss_kib()
        finally:
            if warm is not None:
                warm.close()

    log(f"RSS over {rss_docs} PDFs in this process…")
    report.rss_checkpoints.append((0, rss_mib() or 0.0))
    step = max(1, rss_docs // 4)
    for done in range(1, rss_docs + 1):
        engine_pdf(inputs)
        if done % step == 0 or done == rss_docs:
            report.rss_checkpoints.append((done, rss_mib() or 0.0))
    log("Peak RSS of one generation in a fresh process…")
    report.peak_rss_kib, report.peak_rss_error = peak_rss_of_one_generation()
    report.environment = _environment()
    return report


def _environment() -> str:
    from importlib import metadata

    versions = []
    for dist in ("docxtpl", "python-docx", "weasyprint"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} ?")
    python = f"Python {sys.version.split()[0]} ({os.path.realpath(sys.executable)})"
    from docgen.pdf.patches import speedups, textlayout

    # both turn themselves off on another WeasyPrint until their code is read again
    parts = {"text set-up": textlayout, "speedups": speedups}
    off = [name for name, module in parts.items() if not module.installed()]
    state = f"faster WeasyPrint OFF: {', '.join(off)}" if off else "text set-up and speedups on"
    return f"{python}, {', '.join(versions)}, {os.cpu_count()} CPU; {state}"


# --------------------------------------------------------------------------- report


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _ratio(num: Row, den: Row) -> float | None:
    if num.median is None or den.median is None or den.median == 0:
        return None
    return num.median / den.median


def _verdict(ok: bool | None) -> str:
    return "unavailable" if ok is None else ("OK" if ok else "NOT MET")


def format_report(report: Report) -> str:
    """The report as plain text: a table, ratios, memory, a verdict per target."""
    rows = report.rows
    lines = [f"Benchmark document: shared/bench/template.docx — {report.environment}", ""]
    header = f"{'path':<42} {'runs':>4} {'median ms':>10} {'p95 ms':>9} {'cpu ms':>8} {'pages':>5}"
    lines += [header, "-" * len(header)]
    for row in rows.values():
        if row.times_ms:
            pages = "" if row.pages is None else str(row.pages)
            lines.append(
                f"{row.label:<42} {len(row.times_ms):>4} {_ms(row.median):>10} "
                f"{_ms(row.p95):>9} {_ms(row.cpu_median):>8} {pages:>5}"
            )
        else:
            lines.append(f"{row.label:<42} {row.status or 'unavailable'}")
    lines.append(
        "(wall clock; p95 by nearest rank; cpu: median CPU time of the process doing the work,"
        " soffice's own for cold LibreOffice; warm-up runs excluded)"
    )
    share = report.cpu_share()
    if share is not None and report.load_before is not None:
        lines.append(
            f"Host: load average {report.load_before:.2f} → {report.load_after:.2f}; "
            f"CPU / wall of the in-process paths {share:.2f}"
        )
        if share < 0.9:
            lines.append(
                "WARNING: other processes took the CPU during the run; wall times are inflated"
                " and noisy: rerun on a quiet machine, or compare the cpu column."
            )

    docx_ratio = _ratio(rows["docx"], rows["floor"])
    warm_ratio = _ratio(rows["pdf"], rows["lo_warm"])
    cold_ratio = _ratio(rows["pdf"], rows["lo_cold"])
    weasy_share = _ratio(rows["weasy"], rows["pdf"])
    pages = rows["pdf"].pages
    lines += ["", "Ratios of medians"]
    cpu_ratio = None
    if rows["docx"].cpu_median and rows["floor"].cpu_median:
        cpu_ratio = rows["docx"].cpu_median / rows["floor"].cpu_median
    lines.append(
        _line(
            "engine DOCX / docxtpl floor",
            _fmt_ratio(docx_ratio) + ("" if cpu_ratio is None else f" (CPU time: {cpu_ratio:.2f})"),
        )
    )
    lines.append(_line("engine PDF / LibreOffice warm", _fmt_ratio(warm_ratio)))
    lines.append(_line("engine PDF / LibreOffice cold", _fmt_ratio(cold_ratio)))
    if rows["pdf"].median and rows["docx"].median and rows["lo_warm"].median:
        # The LibreOffice route from the template also needs the DOCX: compare whole routes too.
        route = rows["pdf"].median / (rows["docx"].median + rows["lo_warm"].median)
        lines.append(_line("engine PDF / (engine DOCX + LO warm)", f"{route:.2f}"))
    if weasy_share is not None:
        lines.append(_line("WeasyPrint share of the engine PDF", f"{weasy_share:.0%}"))
    if pages and rows["pdf"].median is not None:
        lines.append(_line("engine PDF per page", f"{rows['pdf'].median / pages:.1f} ms"))

    lines += ["", "Memory (RSS)"]
    if report.peak_rss_kib is not None:
        peak = f"{report.peak_rss_kib / 1024:.1f} MiB ({report.peak_rss_kib * 1024 / 1e6:.1f} MB)"
    else:
        peak = f"unavailable: {report.peak_rss_error}"
    lines.append(_line("peak, one PDF in a fresh process", peak))
    if len(report.rss_checkpoints) > 1:
        trail = " → ".join(f"{mib:.1f}" for _done, mib in report.rss_checkpoints)
        docs = report.rss_checkpoints[-1][0]
        growth = report.rss_checkpoints[-1][1] - report.rss_checkpoints[0][1]
        lines.append(_line(f"this process, then every {docs // 4 or 1} PDFs", f"{trail} MiB"))
        lines.append(
            _line(
                f"growth over {docs} PDFs",
                f"{growth:+.1f} MiB ({growth * 1024 / docs:+.1f} KiB per PDF; WeasyPrint's "
                "leak with a per-call font configuration was ~225)",
            )
        )
    for label, kib in (("cold", report.lo_cold_rss_kib), ("warm", report.lo_warm_rss_kib)):
        if kib:
            lines.append(_line(f"LibreOffice {label}, largest process", f"{kib / 1024:.1f} MiB"))

    peak_mb = None if report.peak_rss_kib is None else report.peak_rss_kib * 1024 / 1e6
    lines += ["", "Verdicts"]
    lines.append(
        _line(
            f"engine DOCX ≤ {TARGETS['docx_ratio']} × docxtpl floor",
            _verdict(None if docx_ratio is None else docx_ratio <= TARGETS["docx_ratio"]),
        )
    )
    lines.append(
        _line(
            "engine PDF faster than warm LibreOffice",
            _verdict(None if warm_ratio is None else warm_ratio < TARGETS["pdf_vs_warm_lo"]),
        )
    )
    lines.append(
        _line(
            f"peak RSS of one generation < {TARGETS['peak_rss_mb']} MB",
            _verdict(None if peak_mb is None else peak_mb < TARGETS["peak_rss_mb"]),
        )
    )
    return "\n".join(lines)


def _line(label: str, value: str) -> str:
    return f"  {label:<40} {value}"


def _fmt_ratio(value: float | None) -> str:
    return "unavailable" if value is None else f"{value:.2f}"


# --------------------------------------------------------------------------- profile


def profile(documents: int, top: int = 25) -> str:
    """cProfile of the engine's PDF path over some documents: top functions by cumulative time."""
    import cProfile
    import pstats

    inputs = load_inputs()
    for _ in range(DEFAULTS["warmup"]):
        engine_pdf(inputs)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(documents):
        engine_pdf(inputs)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# --------------------------------------------------------------------------- command line


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULTS["runs"], help="timed runs per path")
    parser.add_argument("--warmup", type=int, default=DEFAULTS["warmup"], help="untimed runs first")
    parser.add_argument(
        "--cold-runs", type=int, default=DEFAULTS["cold_runs"], help="soffice processes to time"
    )
    parser.add_argument(
        "--rss-docs", type=int, default=DEFAULTS["rss_docs"], help="PDFs to watch the RSS over"
    )
    parser.add_argument("--no-libreoffice", action="store_true", help="skip LibreOffice")
    parser.add_argument(
        "--unoserver",
        help="command starting unoserver (default: $UNOSERVER, `unoserver` on PATH, "
        "or /usr/bin/python3 -m unoserver.server)",
    )
    parser.add_argument(
        "--profile", type=int, metavar="N", help="print a cProfile of N engine PDFs instead"
    )
    parser.add_argument("--peak-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if min(args.runs, args.rss_docs) < 1 or min(args.warmup, args.cold_runs) < 0:
        parser.error("--runs and --rss-docs must be ≥ 1, --warmup and --cold-runs ≥ 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.peak_child:
        _peak_child()
        return 0
    if args.profile:
        print(profile(args.profile))
        return 0
    started = time.perf_counter()
    report = run_benchmark(
        runs=args.runs,
        warmup=args.warmup,
        cold_runs=args.cold_runs,
        rss_docs=args.rss_docs,
        libreoffice=not args.no_libreoffice,
        unoserver=args.unoserver,
        log=lambda message: print(message, file=sys.stderr, flush=True),
    )
    print(format_report(report))
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
