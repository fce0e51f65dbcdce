# The document server: gunicorn serving app:create_app(), its data in the /data volume.
# Build: docker build -t litige .   Run: see README, "Production (Docker, gunicorn)".
FROM python:3.11-slim-bookworm

# WeasyPrint's libraries (scripts/check_system.py) and the fonts .ci/run installs for the PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
        fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The main dependencies, pinned by the same lock as `make` (constraints.txt), in their own
# layer so that a code change does not reinstall them.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'], sep='\n')" \
        > /tmp/requirements.txt \
    && pip install -c constraints.txt -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The server runs from its source tree: templates_docx/ and examples/ are read beside docgen/.
COPY . .
RUN python scripts/check_system.py libraries \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin litige \
    && mkdir -p /data /app/instance \
    && chown litige:litige /data /app/instance

# PROMETHEUS_MULTIPROC_DIR: /metrics adds up the counts of every gunicorn worker.
ENV LITIGE_ENV=production \
    LITIGE_BIND=0.0.0.0:8000 \
    LITIGE_DATABASE_URL=sqlite:////data/litige.sqlite3 \
    LITIGE_QUEUE_URL=sqlite:////data/queue.sqlite3 \
    LITIGE_TEMPLATES_FOLDER=/data/modeles \
    LITIGE_JOBS_FOLDER=/data/jobs \
    LITIGE_DOSSIERS_FOLDER=/data/dossiers \
    PROMETHEUS_MULTIPROC_DIR=/tmp/litige-metrics

# The database, the queue, the templates editors publish, the jobs' archives, the dossiers' files.
VOLUME ["/data"]
USER litige
EXPOSE 8000

# slim has no curl: python's urllib fails on a refused connection and on /health's 503.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; port = os.environ['LITIGE_BIND'].rsplit(':', 1)[1]; urllib.request.urlopen(f'http://127.0.0.1:{port}/health', timeout=4)"]

# The entrypoint migrates the database (`flask --app app db upgrade`), then runs the command.
ENTRYPOINT ["sh", "/app/scripts/entrypoint.sh"]
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
