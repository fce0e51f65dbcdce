#!/bin/sh
# Container start: bring the database schema up to date, then run the command (gunicorn by default).
set -eu
if [ "${LITIGE_ENV:-development}" = production ] && [ -z "${LITIGE_SECRET_KEY:-}" ]; then
  echo "LITIGE_SECRET_KEY manquant : en production, fixez une clé secrète stable," \
    "par exemple docker run -e LITIGE_SECRET_KEY=\"\$(openssl rand -hex 32)\" …" >&2
  exit 1
fi
mkdir -p "${LITIGE_TEMPLATES_FOLDER:-instance/modeles}" "${LITIGE_JOBS_FOLDER:-instance/jobs}"
# gunicorn.conf.py empties the metrics folder when gunicorn starts; flask needs it to exist.
[ -z "${PROMETHEUS_MULTIPROC_DIR:-}" ] || mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
flask --app app db upgrade
exec "$@"
