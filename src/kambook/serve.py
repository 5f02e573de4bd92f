"""``kambook serve``: the author's live preview of the web edition.

Builds the site, serves ``dist/site`` on localhost, rebuilds the site (only the site: the PDFs take
minutes) whenever a source changes, and makes the open pages reload. A build that fails does not stop
the server: the last good site stays on screen with the problems (file, line, message) over it, and the
next good build takes their place. The reload script is added to pages as they are sent, so the built
site itself never contains it.
"""

from __future__ import annotations

import json
import mimetypes
import sys
import threading
import traceback
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from .errors import KambookError, ProblemsError, relpath

WATCHED = ("chapters", "assets", "styles", "book.yaml")
PREFIX = "/__kambook/"
RELOAD_JS = Path(__file__).resolve().parent / "site" / "reload.js"


class LocalServer(ThreadingHTTPServer):
    """The preview's HTTP server. A browser that stops reading halfway (the author clicked on before a page
    or an image had arrived) is no error of the preview's: the standard server printed a traceback for it
    in the author's terminal, among the build's messages."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@dataclass
class BuildState:
    """What the pages poll: the number of the last good build, and the problems of the last attempt."""

    build: int = 0
    errors: list[dict[str, object]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"build": self.build, "errors": self.errors}, ensure_ascii=False).encode()


def describe_error(exc: BaseException, root: Path) -> list[dict[str, object]]:
    """The problems of a failed build as file/line/message records for the page's error panel."""
    if isinstance(exc, ProblemsError):
        return [{"file": p.location.file, "line": p.location.line, "message": p.message} for p in exc.problems]
    if isinstance(exc, KambookError):
        location = exc.location
        return [{"file": location.file if location else "", "line": location.line if location else 0,
                 "message": exc.message}]
    # A bug rather than an author's mistake: show where it happened so that it can be reported.
    frames = traceback.extract_tb(exc.__traceback__)
    last = frames[-1] if frames else None
    return [{"file": relpath(last.filename, root) if last else "", "line": last.lineno if last else 0,
             "message": f"{type(exc).__name__}: {exc}"}]


class Preview:
    """The server, the watcher and the builds of one project."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000,
                 log: Callable[[str], None] = print) -> None:
        from .build import BuildOptions
        from .manifest import load_manifest

        self.root = root.resolve()
        self.dist = self.root / "dist"
        self.site = self.dist / "site"
        self.options = BuildOptions(only=("site",))
        self.state = BuildState()
        self.log = log
        self.stop_event = threading.Event()
        try:
            self.slug = load_manifest(self.root / "book.yaml").slug
        except KambookError:
            self.slug = ""
        self.server = LocalServer((host, port), self._handler())

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def rebuild(self) -> bool:
        """One site build; its outcome goes to the pages (reload, or the error panel)."""
        from .build import build

        try:
            build(self.root, self.options)
        except Exception as exc:  # noqa: BLE001 - the preview must survive any failed build
            errors = describe_error(exc, self.root)
            with self.state.lock:
                self.state.errors = errors
            for e in errors:
                self.log(f"error: {e['file']}{':' + str(e['line']) if e['line'] else ''}: {e['message']}")
            return False
        with self.state.lock:
            self.state.build += 1
            self.state.errors = []
        self.log(f"site rebuilt (build {self.state.build})")
        return True

    def watch(self) -> None:
        """Rebuild after each batch of changes until stopped (watchfiles groups a save's events)."""
        import watchfiles

        paths = [self.root / name for name in WATCHED if (self.root / name).exists()]
        for changes in watchfiles.watch(*paths, stop_event=self.stop_event, debounce=200, step=50,
                                        raise_interrupt=False):
            names = sorted({relpath(path, self.root) for _, path in changes})
            self.log("changed: " + ", ".join(names[:5]) + (" …" if len(names) > 5 else ""))
            self.rebuild()

    def run(self) -> None:
        """Build, then serve and watch until interrupted (Ctrl-C)."""
        self.rebuild()
        server = threading.Thread(target=self.server.serve_forever, daemon=True)
        server.start()
        self.log(f"Serving {relpath(self.site, self.root)} on {self.url} (Ctrl-C to stop)")
        try:
            self.watch()
        finally:
            self.stop()

    def stop(self) -> None:
        self.stop_event.set()
        self.server.shutdown()
        self.server.server_close()

    # -- HTTP -------------------------------------------------------------------------------------
    def _handler(self) -> type[SimpleHTTPRequestHandler]:
        preview = self

        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib's name
                pass  # one line per request would drown the build messages

            def end_headers(self) -> None:
                self.send_header("Cache-Control", "no-store")
                super().end_headers()

            def do_GET(self) -> None:  # noqa: N802 - stdlib's name
                path = unquote(urlsplit(self.path).path)
                if path == PREFIX + "status":
                    return self._send(preview.state.as_json(), "application/json")
                if path == PREFIX + "reload.js":
                    return self._send(RELOAD_JS.read_bytes(), "text/javascript; charset=utf-8")
                file = preview.file_for(path)
                if file is None:
                    missing = preview.site / "404.html"
                    body = missing.read_bytes() if missing.is_file() else _bare_page("Page introuvable")
                    return self._send(preview.inject(body), "text/html; charset=utf-8", HTTPStatus.NOT_FOUND)
                if file.suffix == ".html":
                    return self._send(preview.inject(file.read_bytes()), "text/html; charset=utf-8")
                kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
                    kind += "; charset=utf-8"
                return self._send(file.read_bytes(), kind)

            def do_HEAD(self) -> None:  # noqa: N802
                self.do_GET()

            def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

        return Handler

    def file_for(self, path: str) -> Path | None:
        """The file a URL path names inside the site; the screen PDF falls back to dist/ (the site-only
        builds of the preview do not copy it in). Nothing outside the site is ever served."""
        rel = path.lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        site = self.site.resolve()
        candidate = (site / rel).resolve()
        if candidate.is_relative_to(site) and candidate.is_file():
            return candidate
        if self.slug and rel == f"{self.slug}.pdf" and (self.dist / rel).is_file():
            return self.dist / rel
        return None

    def inject(self, html: bytes) -> bytes:
        """Add the reload script, stamped with the build the page comes from."""
        tag = f'<script src="{PREFIX}reload.js" data-build="{self.state.build}"></script>'.encode()
        at = html.rfind(b"</body>")
        return html[:at] + tag + html[at:] if at != -1 else html + tag


def _bare_page(title: str) -> bytes:
    """A page for when no site was ever built (the first build failed): the error panel shows on it."""
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
            f'<link rel="stylesheet" href="/styles/web.css"></head><body><main><h1>{title}</h1>'
            "<p>Le site n’a pas encore pu être construit.</p></main></body></html>").encode()


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Run the preview until Ctrl-C; returns the exit status for the CLI."""
    def log(message: str) -> None:
        print(message, flush=True)

    preview = Preview(root, host, port, log)
    try:
        preview.run()
    except KeyboardInterrupt:
        pass
    return 0
