"""docgen.bulk.pool: documents made by worker processes, a dead worker costing only its items."""

from __future__ import annotations

import gc
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from docgen import CaseValidationError
from docgen.bulk import batch, pool
from docgen.pdf import output as pdf
from tests.conftest import example_case


@pytest.fixture(scope="module")
def case():
    return example_case("mise_en_demeure", "b2b_penalites_bce")


def _items(case, count):
    body = {"items": [{"type": "mise_en_demeure", "case": case}] * count}
    return batch.parse_request(body)[0]


def test_results_come_back_in_order_from_at_most_the_configured_workers(case):
    bad = dict(case, lieu="")
    items = batch.parse_request(
        {"items": [{"type": "mise_en_demeure", "case": c} for c in (case, bad, case, case)]}
    )[0]
    results = list(pool.run_items(items, ["docx"], workers=2))
    assert [bool(r.errors) for r in results] == [False, True, False, False]
    assert results[1].errors[0].path == "case.lieu"
    pids = {pool.get_pool(2).submit(os.getpid).result() for _ in range(20)}
    assert os.getpid() not in pids
    assert len(pids) <= pool.size(2)


def test_workers_start_warmed_up_with_their_long_lived_objects_frozen():
    """Each worker loads WeasyPrint and the fonts once, then keeps the objects it will hold
    for its whole life out of the garbage collector's full passes (``output.warm_up``)."""
    frozen = pool.get_pool(2).submit(gc.get_freeze_count).result()
    assert frozen > 50_000, frozen
    assert pool.get_pool(2).submit(_imported, "weasyprint").result()
    # the modules that make documents too: imported before the freeze, not at the first task
    for name in ("docgen.word.render", "docgen.pdf.converter", "docxtpl", "docx.oxml"):
        assert pool.get_pool(2).submit(_frozen, name).result(), name


def _imported(name: str) -> bool:
    return name in sys.modules


def _frozen(name: str) -> bool:
    """Whether a module was imported before the warm-up froze the worker's objects."""
    namespace = sys.modules[name].__dict__
    return not any(obj is namespace for obj in gc.get_objects())


def test_workers_free_each_document_once_it_is_done(case):
    """A python-docx document is a web of reference cycles holding its lxml trees in C memory:
    left to the collector's own pace, a worker's memory grew by 80 MiB over 40 letters."""
    results = list(pool.run_items(_items(case, 6), ["docx", "pdf"], workers=2))
    assert all(r.files and not r.errors for r in results)
    probes = [pool.get_pool(2).submit(_documents_alive) for _ in range(8)]
    assert [probe.result() for probe in probes] == [0] * 8


def _documents_alive() -> int:
    from docx.opc.package import OpcPackage

    return sum(isinstance(o, OpcPackage) for o in gc.get_objects())


def test_errors_keep_their_fields_across_processes(case):
    with pytest.raises(CaseValidationError) as caught:
        pool.generate_in_pool("mise_en_demeure", dict(case, delai_jours=-1), ["pdf"])
    assert [e.path for e in caught.value.errors] == ["delai_jours"]
    assert pool.generate_in_pool("mise_en_demeure", case, ["pdf"]).pdf.startswith(b"%PDF")


def test_a_killed_worker_fails_only_the_items_in_flight(case):
    results = pool.run_items(_items(case, 10), ["docx", "pdf"], workers=2)
    first = next(results)
    workers = list(pool.get_pool(2)._processes.values())
    os.kill(workers[0].pid, signal.SIGKILL)
    rest = list(results)
    assert not first.errors
    assert len(rest) == 9
    failed = [r for r in rest if r.errors]
    assert failed, "the items in flight on the killed worker are reported"
    assert "s'est arrêté" in failed[0].errors[0].message
    assert not rest[-1].errors, "the pool was replaced and the batch went on"


SCRIPT = """
import os, signal, sys
from docgen.bulk import pool
from tests.test_batch_pool import font_folder
workers = pool.get_pool(2)
pids = {workers.submit(os.getpid).result() for _ in range(20)}
folders = {workers.submit(font_folder).result() for _ in range(20)}
print(" ".join(map(str, pids)), flush=True)
print("\\n".join(folders), flush=True)
if sys.argv[1] == "kill":
    os.kill(os.getpid(), signal.SIGKILL)
"""


def font_folder() -> str:
    """The folder where this worker's WeasyPrint keeps its copy of the fonts."""
    from docgen.pdf import output as pdf

    return str(pdf._font_folder[0])


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split()[2] != "Z"


def _run_pool(how: str, temporary: Path) -> tuple[list[int], list[Path]]:
    """Start a pool in another process, which then exits or is killed; its workers and their
    font folders. (A killed process leaves its forkserver's socket in ``temporary``.)"""
    parent = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, how],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    with parent:
        pids = [int(p) for p in parent.stdout.readline().split()]
        folders = [Path(line.strip()) for line in parent.stdout]
        parent.wait(timeout=60)
    assert pids
    prefix = pdf.FONT_FOLDER_PREFIX
    assert {int(f.name.removeprefix(prefix).split("-")[0]) for f in folders} == set(pids)
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(p) for p in pids)
    return pids, folders


def test_workers_end_when_their_parent_is_killed_and_remove_their_fonts(tmp_path):
    """Each worker copies the fonts (7.4 MB) to the temporary folder; a worker whose parent is
    killed removes its copy as it ends."""
    _, folders = _run_pool("kill", tmp_path)
    assert all(f.parent == tmp_path for f in folders)
    assert not any(f.exists() for f in folders)


def test_workers_remove_their_fonts_when_the_pool_ends_normally(tmp_path):
    _, folders = _run_pool("exit", tmp_path)
    assert all(f.parent == tmp_path for f in folders)
    assert not any(f.exists() for f in folders)
    assert list(tmp_path.iterdir()) == []


def test_the_fonts_of_killed_processes_are_swept_when_a_pool_starts(tmp_path):
    """A worker killed outright (SIGKILL, out of memory) cannot clean up after itself: the next
    pool started removes what processes that no longer run left, and nothing else."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = Path(tempfile.gettempdir()) / f"{pdf.FONT_FOLDER_PREFIX}{dead.pid}-abc"
    left.mkdir()
    (left / "font").write_bytes(b"x" * 100)
    ours = Path(tempfile.mkdtemp(prefix=f"{pdf.FONT_FOLDER_PREFIX}{os.getpid()}-"))
    other = Path(tempfile.mkdtemp(prefix="docgen-fonts-x-"))
    try:
        pool.reset_pool()
        pool.get_pool(2).submit(os.getpid).result()
        assert not left.exists()
        assert ours.exists()
        assert other.exists()
    finally:
        for folder in (left, ours, other):
            shutil.rmtree(folder, ignore_errors=True)
