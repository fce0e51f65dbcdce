"""The queue's workers as a separate process: ``huey_consumer web.worker.huey -w 2``."""

from app import create_app
from web.jobs import queue

app = create_app()
huey = queue(app)
