"""A tiny SMTP server for the rehearsal: it refuses while told to, otherwise it accepts
every message and records it, so "delivered exactly once" can be counted.

Rules chosen here: refusing is a 421 greeting (what a mail server that is down for
maintenance answers), so Django's SMTP backend raises and the outbox retries. Each accepted
message is recorded as one JSON line with the rehearsal tokens found in it.
"""

from __future__ import annotations

import json
import re
import socketserver
import threading
from pathlib import Path

TOKEN = re.compile(r"rehearsal-message-[0-9a-f]{32}")


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def _reply(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def handle(self) -> None:
        server: SMTPStub = self.server.stub  # type: ignore[attr-defined]
        if server.refusing.is_set():
            server.count("refused")
            self._reply("421 rehearsal: service not available, try again later")
            return
        self._reply("220 rehearsal ESMTP")
        recipients: list[str] = []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            command = raw.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self._reply("250 rehearsal")
            elif verb == "MAIL":
                recipients = []
                self._reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self._reply("250 OK")
            elif verb == "DATA":
                self._reply("354 end with <CRLF>.<CRLF>")
                lines = []
                while True:
                    line = self.rfile.readline()
                    if not line or line in (b".\r\n", b".\n"):
                        break
                    lines.append(line)
                server.record(recipients, b"".join(lines).decode("utf-8", "replace"))
                self._reply("250 OK: queued")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            elif verb in ("RSET", "NOOP"):
                self._reply("250 OK")
            else:
                self._reply("502 not implemented")


class _Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SMTPStub:
    """Listens on 127.0.0.1 (a free port unless given) in a thread; `refusing` toggles refusal."""

    def __init__(self, log_path: Path, port: int = 0):
        self.log_path = log_path
        self.refusing = threading.Event()
        self.counts = {"refused": 0, "accepted": 0}
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.stub = self  # type: ignore[attr-defined]
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def count(self, what: str) -> None:
        with self._lock:
            self.counts[what] += 1

    def record(self, recipients: list[str], data: str) -> None:
        line = json.dumps({"to": recipients, "tokens": sorted(set(TOKEN.findall(data)))})
        with self._lock:
            self.counts["accepted"] += 1
            with self.log_path.open("a", encoding="utf-8") as log:
                log.write(line + "\n")

    def delivered_tokens(self) -> list[str]:
        """Every token of every accepted message, once per message it was in."""
        if not self.log_path.exists():
            return []
        tokens = []
        for line in self.log_path.read_text(encoding="utf-8").splitlines():
            tokens.extend(json.loads(line)["tokens"])
        return tokens

    def __enter__(self) -> SMTPStub:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
