"""gunicorn settings of the document server, each read from a ``LITIGE_`` environment variable.

``gunicorn -c gunicorn.conf.py`` serves ``app:create_app()``; the container sets
``LITIGE_BIND=0.0.0.0:8000``, the default here listens on this machine only.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(f"LITIGE_{name}", "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"LITIGE_{name} doit être un nombre entier (reçu : {value!r})") from None


wsgi_app = "app:create_app()"
bind = os.environ.get("LITIGE_BIND", "127.0.0.1:8000").split(",")
#: Worker processes; each has its own pool of generation processes (LITIGE_GENERATION_WORKERS).
workers = _int("WORKERS", 2)
#: Request threads of each worker: a generation waits on the pool, not on the GIL.
threads = _int("THREADS", 4)
worker_class = "gthread"
#: Seconds a request may take before its worker is killed and replaced (a large batch is slow).
timeout = _int("TIMEOUT", 120)
#: Seconds a worker has to finish its requests after SIGTERM.
graceful_timeout = _int("GRACEFUL_TIMEOUT", 30)
keepalive = 5
accesslog = "-"
#: No query string, address, referrer nor user agent: they may hold a case's personal data
#: (the app's own JSON access line has the request id too, for the rest).
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'
errorlog = "-"
loglevel = os.environ.get("LITIGE_LOG_LEVEL", "info").lower()  # the app's setting too
#: Workers' heartbeat files in memory: a container's disk may be slow or read-only.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
#: gunicorn ≥ 25.1 opens a control socket in $HOME by default, shared by every local instance.
control_socket_disable = True


def on_starting(server):
    """Start the shared metrics folder empty: the counts of a previous run are not this one's."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            if name.endswith(".db"):
                os.remove(os.path.join(folder, name))


def worker_exit(server, worker):
    """Let this worker's background job end, then stop its generation processes."""
    app = getattr(worker, "wsgi", None)
    consumer = getattr(app, "extensions", {}).get("huey_consumer")
    if consumer is not None:
        # No new job; the running one ends (else the master's kill after graceful_timeout
        # leaves it "running", and another worker runs it again once it is stale).
        consumer.stop(graceful=True)

    from docgen.bulk import pool

    pool.reset_pool()


def child_exit(server, worker):
    """Forget a dead worker's live gauges when processes share their metrics (Prometheus)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
