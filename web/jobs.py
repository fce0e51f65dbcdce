"""Background jobs: large batches queued with Huey, archives written to disk, then purged."""

from __future__ import annotations

import functools
import logging
import shutil
import sqlite3
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from redis.exceptions import RedisError
from sqlalchemy import select

from docgen import dump_case, load_case
from docgen.bulk import batch, pool
from docgen.bulk.jsonstream import TOO_DEEP
from docgen.files import write_with
from docgen.law.rates import current_rates
from web import dossiers, rates, store
from web.db import db, needs_database, utcnow
from web.errors import ProblemError
from web.metrics import item_counter
from web.models import Job

LOGGER = logging.getLogger(__name__)
FINISHED = ("done", "failed")
PROGRESS_EVERY = 1.0  # seconds between two progress writes to the database
STALE = timedelta(minutes=10)  # a running job silent this long lost its worker: run it again

cli = AppGroup("jobs", help="Tâches de génération en arrière-plan.")
_lock = threading.RLock()


def folder(app: Flask | None = None) -> Path:
    """Where job inputs and archives are written (shared by every worker machine)."""
    app = app or current_app
    path = Path(app.config["JOBS_FOLDER"] or Path(app.instance_path) / "jobs")
    path.mkdir(parents=True, exist_ok=True)
    return path


def archive_path(job: Job) -> Path:
    """The archive of a job, once it is done."""
    return folder() / job.id / "archive.zip"


def _request_path(job_id: str) -> Path:
    return folder() / job_id / "request.jsonl"


def _legacy_request_path(job_id: str) -> Path:
    # Jobs queued before requests were kept as JSON lines: the whole request as one document.
    return folder() / job_id / "request.json"


def _keep_request(job_id: str, body: IO[bytes]) -> int:
    """Keep a job's request on disk as JSON lines (its formats, then one item per line), read
    from the body one item at a time; the number of items comes back.

    :raise ProblemError: 413 beyond ``JOBS_MAX_ITEMS``, 400 for a case too deep to keep, 503
        if the job folder cannot take it.
    :raise DocgenError: what ``batch.read_request`` raises; nothing is left on disk.
    """
    limit = current_app.config["JOBS_MAX_ITEMS"]
    path = _request_path(job_id)
    try:
        path.parent.mkdir()
        with tempfile.TemporaryFile(dir=path.parent) as items:

            def keep(index: int, raw: Any) -> None:
                if index >= limit:  # stop there: reading on would only count
                    raise ProblemError(
                        413,
                        f"Trop d'éléments : plus de {limit}. Découpez le lot en plusieurs tâches.",
                    )
                items.write(dump_case(raw).encode("utf-8") + b"\n")

            largest = current_app.config["MAX_CONTENT_LENGTH"]  # an item: as one document's body
            try:
                total, formats = batch.read_request(body, keep, largest)
            except RecursionError:  # a case the JSON scanner read but cannot be written back
                raise ProblemError(400, TOO_DEEP) from None

            def write(out: IO[bytes]) -> None:
                out.write(dump_case({"formats": formats}).encode("utf-8") + b"\n")
                items.seek(0)
                shutil.copyfileobj(items, out)

            write_with(path, write)
    except BaseException as exc:  # nothing is left on disk, whatever stopped it
        shutil.rmtree(path.parent, ignore_errors=True)
        if not isinstance(exc, OSError) or isinstance(exc, ConnectionError):
            raise
        LOGGER.error("requête de tâche non enregistrée : %s", exc)  # a full or unwritable folder
        raise ProblemError(
            503, "Enregistrement de la tâche impossible (espace disque) : réessayez plus tard."
        ) from None
    return total


def _read_request(job_id: str) -> tuple[Iterator[batch.BatchItem], list[str]]:
    """A job's items, parsed one at a time as the archive asks for them, and its formats."""
    legacy = _legacy_request_path(job_id)
    if legacy.is_file():
        items, formats = batch.parse_request(load_case(legacy.read_text(encoding="utf-8")))
        return iter(items), formats
    path = _request_path(job_id)
    with path.open(encoding="utf-8") as lines:
        formats = load_case(lines.readline())["formats"]

    def items() -> Iterator[batch.BatchItem]:
        with path.open(encoding="utf-8") as lines:
            lines.readline()
            for index, line in enumerate(lines):
                yield batch.parse_item(index, load_case(line))

    return items(), formats


def _make_huey(app: Flask) -> Huey:
    url: str = app.config["QUEUE_URL"]
    if url == "immediate":  # tests: tasks run at once, in the caller's thread
        return MemoryHuey("litige", immediate=True)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey("litige", url=url)
    path = url.removeprefix("sqlite:///") or str(Path(app.instance_path) / "queue.sqlite3")
    return SqliteHuey("litige", filename=path)


def queue(app: Flask | None = None) -> Huey:
    """The app's task queue, with its tasks registered (created on first use)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    with _lock:
        if "huey" not in app.extensions:
            huey = _make_huey(app)
            task = huey.task(name="generate_job")(functools.partial(_in_app, app, run_job))
            every = crontab(minute="*/10")
            huey.periodic_task(every, name="maintain_jobs")(
                functools.partial(_in_app, app, maintain)
            )
            rates.register_tasks(huey, app)
            huey.periodic_task(crontab(hour="3", minute="17"), name="purge_dossiers")(
                functools.partial(_in_app, app, _purge_dossiers)
            )
            app.extensions["huey"], app.extensions["huey_generate"] = huey, task
        return app.extensions["huey"]


def _purge_dossiers() -> int:
    """Each night: the dossiers past their retention period after closing are deleted."""
    return dossiers.purge(date.today())


def _in_app(app: Flask, fn: Any, *args: Any) -> Any:
    with app.app_context():
        return fn(*args)


def start_embedded_consumer(app: Flask | None = None) -> Any:
    """Run the queue's workers as threads of this process (SQLite queue), once per app."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    workers = app.config["QUEUE_EMBEDDED_WORKERS"]
    huey = queue(app)
    with _lock:
        if workers <= 0 or huey.immediate or "huey_consumer" in app.extensions:
            return app.extensions.get("huey_consumer")
        consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True)
        # Consumer.start() would install signal handlers, possible only in the main thread.
        consumer.scheduler.start()
        for _name, worker in consumer.worker_threads:
            worker.start()
        app.extensions["huey_consumer"] = consumer
        return consumer


def submit(body: IO[bytes], token_id: int) -> Job:
    """Record a job, keep its request on disk, read from ``body`` one item at a time, and queue
    it (see :func:`_keep_request` for what it raises)."""
    job_id = uuid.uuid4().hex
    job = Job(id=job_id, token_id=token_id, total=_keep_request(job_id, body), errors=[])
    db.session.add(job)
    db.session.commit()
    try:
        start_embedded_consumer()
        _enqueue(job.id)
    except (OSError, sqlite3.Error, RedisError) as exc:  # the queue's storage is unreachable
        LOGGER.error("file d'attente indisponible : %s", exc)
        db.session.delete(job)
        db.session.commit()
        shutil.rmtree(_request_path(job.id).parent, ignore_errors=True)
        raise ProblemError(
            503, "La file d'attente des tâches est indisponible : réessayez dans un instant."
        ) from None
    return job


def _enqueue(job_id: str) -> None:
    queue()
    current_app.extensions["huey_generate"](job_id)


class _Progress:
    """Counts the items of a running job, written to the database at most once a second."""

    def __init__(self, job: Job) -> None:
        self.job, self.errors, self.last = job, list(job.errors), 0.0

    def __call__(self, entry: dict) -> None:
        self.job.done += 1
        if entry["errors"]:
            self.job.failed += 1
            keys = ("index", "reference", "errors", "taux_manquant")
            self.errors.append({key: entry[key] for key in keys if key in entry})
        if time.monotonic() - self.last >= PROGRESS_EVERY:
            self.save()

    def save(self) -> None:
        self.job.errors = list(self.errors)
        self.job.heartbeat_at = utcnow()
        db.session.commit()
        self.last = time.monotonic()


def run_job(job_id: str) -> None:
    """Generate a queued job's archive; its progress is visible while it runs."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != "queued":
        return
    job.status = "running"
    job.started_at = job.heartbeat_at = utcnow()
    db.session.commit()
    items, formats = _read_request(job_id)
    progress = _Progress(job)
    run = functools.partial(
        pool.run_items,
        workers=current_app.config["GENERATION_WORKERS"],
        templates=store.templates_in_force(),
        rates=current_rates(),
    )
    try:
        count = item_counter(formats, "job", then=progress)
        batch.write_archive(items, formats, archive_path(job), run, count)
        job.status = "done"
    except OSError as exc:
        job.status, job.detail = "failed", f"écriture de l'archive impossible : {exc.strerror}"
    except Exception:
        LOGGER.exception("tâche %s interrompue", job_id)
        job.status, job.detail = "failed", "erreur interne pendant la génération"
    retention = timedelta(seconds=current_app.config["JOBS_RETENTION_SECONDS"])
    job.finished_at = utcnow()
    job.expires_at = job.finished_at + retention
    progress.save()
    for path in (_request_path(job_id), _legacy_request_path(job_id)):
        path.unlink(missing_ok=True)  # the cases hold personal data: keep them no longer


def purge(now: datetime | None = None) -> int:
    """Delete the archives of finished jobs past their retention; how many were purged."""
    now = now or utcnow()
    query = select(Job).where(Job.status.in_(FINISHED), Job.expires_at <= now)
    expired = list(db.session.scalars(query))
    for job in expired:
        shutil.rmtree(folder() / job.id, ignore_errors=True)
        job.status = "expired"
    db.session.commit()
    return len(expired)


def recover(now: datetime | None = None) -> int:
    """Queue again the running jobs whose worker stopped writing progress; how many."""
    now = now or utcnow()
    query = select(Job).where(Job.status == "running", Job.heartbeat_at <= now - STALE)
    stalled = list(db.session.scalars(query))
    for job in stalled:
        LOGGER.warning("tâche %s sans nouvelles depuis %s : relancée", job.id, job.heartbeat_at)
        job.status, job.done, job.failed, job.errors = "queued", 0, 0, []
    db.session.commit()
    for job in stalled:
        _enqueue(job.id)
    return len(stalled)


def maintain() -> None:
    """The periodic task: delete expired archives, run stalled jobs again."""
    purge()
    recover()


def owned_job(job_id: str, token_id: int) -> Job:
    """A job of the caller.

    :raise ProblemError: 404 for an unknown job or another token's.
    """
    job = db.session.get(Job, job_id) if len(job_id) == 32 else None
    if job is None or job.token_id != token_id:
        raise ProblemError(404, "Tâche inconnue.")
    return job


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def describe(job: Job, url: str, archive_url: str) -> dict[str, Any]:
    """A job's status as the API answers it."""
    return {
        "id": job.id,
        "url": url,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "failed": job.failed,
        "errors": job.errors,
        "detail": job.detail,
        "created": _iso(job.created_at),
        "finished": _iso(job.finished_at),
        "expires": _iso(job.expires_at),
        "archive": archive_url if job.status == "done" else None,
    }


@cli.command("purge")
@needs_database
def purge_command() -> None:
    """Delete the archives past their retention period."""
    click.echo(f"{purge()} archive(s) supprimée(s).")


@cli.command("worker")
@click.option("--workers", "-w", default=2, show_default=True, help="Fils d'exécution.")
def worker_command(workers: int) -> None:
    """Run the queue's workers in the foreground (Ctrl-C to stop)."""
    queue().create_consumer(workers=workers, worker_type="thread").run()
