"""docgen.bulk.batch: names, manifest, archives written to seekable files or streamed."""

from __future__ import annotations

import gc
import io
import json
import tempfile
import tracemalloc
import zipfile
from decimal import Decimal

import pytest

from docgen import CaseValidationError, dump_case, load_case
from docgen.bulk import batch
from tests.conftest import example_case


@pytest.fixture(scope="module")
def case():
    return example_case("mise_en_demeure", "b2c_consommateur")


@pytest.mark.parametrize(
    ("reference", "name"),
    [
        ("DOS-2026-001", "DOS-2026-001"),
        ("../../x", "x"),
        ("/etc/passwd", "etc_passwd"),
        ("C:\\Users\\a", "C_Users_a"),
        ("nul.txt", "_nul.txt"),
        ("LPT9", "_LPT9"),
        ("COM10", "COM10"),
        ("fin. ", "fin"),
        ("a\u202eb\u200bc", "a_b_c"),
        ("Société Générale", "Société Générale"),
        ("x" * 300, "x" * batch.MAX_NAME),
        ("...", ""),
    ],
)
def test_clean_name(reference, name):
    assert batch.clean_name(reference) == name


def test_parse_request_defaults_to_both_formats(case):
    items, formats = batch.parse_request(
        {"items": [{"type": "cgv", "case": case, "reference": 12}]}
    )
    assert formats == ["docx", "pdf"]
    assert items == [batch.BatchItem(0, "cgv", case, "12")]


@pytest.mark.parametrize("body", [[], {"items": "x"}, {"items": [{}], "formats": []}])
def test_parse_request_refuses_a_malformed_envelope(body):
    with pytest.raises(CaseValidationError):
        batch.parse_request(body)


def _items(case, count):
    return batch.parse_request({"items": [{"type": "mise_en_demeure", "case": case}] * count})[0]


def test_archive_on_a_seekable_file_has_the_manifest_last(case, tmp_path):
    path = tmp_path / "lot.zip"
    with path.open("wb") as target:
        entries = list(batch.archive_steps(_items(case, 2), ["docx"], target))
    assert [e["name"] for e in entries] == ["element-00000", "element-00001"]
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        assert archive.namelist()[-1] == "manifest.json"
        assert json.loads(archive.read("manifest.json"))["items"] == entries


@pytest.mark.parametrize("bad_at", [None, 1])
def test_the_manifest_is_indented_json_counts_first_then_every_entry(case, tmp_path, bad_at):
    cases = [case, dict(case, lieu=""), case] if bad_at else []
    items = [
        batch.parse_item(i, {"type": "mise_en_demeure", "case": c}) for i, c in enumerate(cases)
    ]
    path = tmp_path / "lot.zip"
    with path.open("wb") as target:
        entries = list(batch.archive_steps(iter(items), ["docx"], target))
    failed = 1 if bad_at else 0
    expected = {
        "formats": ["docx"],
        "total": len(cases),
        "succeeded": len(cases) - failed,
        "failed": failed,
        "items": entries,
    }
    with zipfile.ZipFile(path) as archive:
        text = archive.read("manifest.json").decode()
    assert text == json.dumps(expected, ensure_ascii=False, indent=2)
    if bad_at:
        assert entries[bad_at]["errors"][0]["path"] == "case.lieu"


def test_extra_files_come_first_under_names_no_item_takes(case):
    items = batch.parse_request(
        {"items": [{"type": "mise_en_demeure", "case": case, "reference": "RAPPORT.csv"}]}
    )[0]
    stream = batch.stream_archive(items, ["docx"], extras={"rapport.csv": b"ligne;message"})
    archive = zipfile.ZipFile(io.BytesIO(b"".join(stream)))
    names = archive.namelist()
    assert names[0] == "rapport.csv" and archive.read("rapport.csv") == b"ligne;message"
    assert names[1].startswith("RAPPORT.csv-2/") and names[-1] == "manifest.json"


def test_stream_sends_each_item_before_generating_the_next(case):
    produced = []

    def run(items, formats):
        for result in batch.run_serially(items, formats):
            produced.append(result)
            yield result

    stream = iter(batch.stream_archive(_items(case, 3), ["docx"], run))
    first = next(stream)
    assert len(produced) == 1 and first.startswith(b"PK\x03\x04")
    rest = b"".join(stream)
    assert zipfile.ZipFile(io.BytesIO(first + rest)).testzip() is None


def test_items_are_read_as_they_are_generated_not_all_at_once(case):
    read = []

    def items():
        for item in _items(case, 4):
            read.append(item.index)
            yield item

    steps = batch.archive_steps(items(), ["docx"], io.BytesIO())
    assert next(steps)["index"] == 0
    assert read == [0]
    assert [entry["index"] for entry in steps] == [1, 2, 3]


@pytest.mark.parametrize(
    "value",
    [
        {"montant": Decimal("1250.50"), "taux": Decimal("1E+2"), "zero": Decimal("-0.0")},
        {"texte": "ligne 1\nligne 2 « é » \u2028", "liste": [1, True, None, [Decimal("0.10")]]},
        [],
    ],
)
def test_a_case_written_by_dump_case_reads_back_exactly_on_one_line(value):
    text = dump_case(value)
    assert "\n" not in text
    back = load_case(text)
    assert back == value
    assert repr(back) == repr(value)  # 1250.50 stays 1250.50, not 1250.5


def test_memory_stays_flat_whatever_the_batch_size(case):
    """Per item, only its name and ZIP directory record stay in memory: not its files (~35 KB),
    nor its manifest entry, which waits in a temporary file."""
    samples = []

    def sample(_entry):
        gc.collect()
        samples.append(tracemalloc.get_traced_memory()[0])

    tracemalloc.start()
    try:
        for _chunk in batch.stream_archive(_items(case, 25), ["docx"], on_item=sample):
            pass
    finally:
        tracemalloc.stop()
    per_item = (samples[-1] - samples[4]) / 20
    assert per_item < 2_000, samples  # 1.1 KB; 1.8 KB with the manifest kept in memory


def test_an_archive_of_thousands_of_items_keeps_under_a_kilobyte_per_item():
    """What stays per item is its ZIP directory record and its name: 0.84 KB for two files
    (1.1 KB when each record had its own date and an index by name)."""

    def run(items, _formats):
        for item in items:
            yield batch.ItemResult(f"mise-en-demeure-{item.index}", {"docx": b"d", "pdf": b"p"})

    items = (batch.BatchItem(i, "mise_en_demeure", {}, f"DOS-{i:06d}", ()) for i in range(3000))
    samples = []
    tracemalloc.start()
    try:
        with tempfile.TemporaryFile() as target:
            for entry in batch.archive_steps(items, ["docx", "pdf"], target, run):
                if entry["index"] in (999, 2999):
                    samples.append(tracemalloc.get_traced_memory()[0])
            names = zipfile.ZipFile(target).namelist()
    finally:
        tracemalloc.stop()
    per_item = (samples[1] - samples[0]) / 2000
    assert per_item < 900, per_item
    assert len(names) == 2 * 3000 + 1 and names[-1] == "manifest.json"
    assert names[:2] == ["DOS-000000/mise-en-demeure-0.docx", "DOS-000000/mise-en-demeure-0.pdf"]
