"""The compose healthcheck: `python -m cpse.ops.probe` asks /healthz inside the container.

Rules chosen here: no Django import (it runs every 15 seconds); the Host is the first of
ALLOWED_HOSTS and the request says it came through the TLS proxy, so production's host
check and HTTPS redirect let it through. Exit 0 when healthy, 1 otherwise, naming the
failing parts.
"""

import json
import os
import sys
import urllib.error
import urllib.request


def probe_host(allowed_hosts: str) -> str:
    first = next((host.strip() for host in allowed_hosts.split(",") if host.strip()), "localhost")
    return "localhost" if first == "*" else first.lstrip(".")


def main(url: str = "http://127.0.0.1:8000/healthz") -> int:
    request = urllib.request.Request(  # noqa: S310 (a fixed local address)
        url, headers={"Host": probe_host(os.environ.get("ALLOWED_HOSTS", "")), "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as error:
        try:
            failing = json.loads(error.read()).get("failing", [])
        except ValueError:
            failing = []
        print(f"unhealthy ({error.code}): {', '.join(failing) or 'unknown'}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"unreachable: {type(error).__name__}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
