"""gunicorn's settings for Kontrollrum (read from the working directory by `gunicorn app:server`,
or given with `-c`): no `Server` header, bounded request lines and headers, a worker that
hangs is replaced.

gunicorn writes `Server: gunicorn` itself, after the app has answered, so the app cannot drop
it; this file removes that line from gunicorn's default headers.
"""

from gunicorn.http import wsgi

limit_request_line = 4094  # gunicorn's default, written down: longer request lines get 414
limit_request_fields = 100
limit_request_field_size = 8190
timeout = 30  # a worker silent for longer is killed and replaced


def _without_server_header(default_headers):
    def headers(self):
        return [h for h in default_headers(self) if not h.lower().startswith("server:")]
    return headers


if not getattr(wsgi.Response.default_headers, "kontrollrum", False):
    wsgi.Response.default_headers = _without_server_header(wsgi.Response.default_headers)
    wsgi.Response.default_headers.kontrollrum = True
