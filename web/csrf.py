"""CSRF protection of every HTML form; the JSON API authenticates with a token instead."""

from flask_wtf import CSRFProtect

csrf = CSRFProtect()
"""The application's protection, set up by ``create_app``; views exempt themselves with it."""
