"""The web app: server-rendered pages (Jinja2 + htmx, all assets vendored) and a JSON API.

A thin shell over :mod:`corecoach.services`: parse, call a service, present. Build it with
:func:`corecoach.web.app.create_app`; nothing is created at import.
"""
