"""The API docs render offline: /docs (Swagger UI) and /redoc load their scripts and styles
from the service itself, checked in a real headless Chromium that can reach nothing but
127.0.0.1 (every other host name resolves to nothing), as behind a firewall."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO

# Any host but the loopback address fails to resolve: a page that needs a CDN stays blank.
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        subprocess.run([str(REPO / "scripts" / "ensure-chromium.sh")], check=False)
        path = shutil.which("chromium")
    if path is None:
        if os.environ.get("TRADECLAIMS_REQUIRE_BROWSER") == "1":
            raise RuntimeError("TRADECLAIMS_REQUIRE_BROWSER=1 but there is no chromium")
        pytest.skip("no chromium: run the tests with `make test` (as root it installs it)")
    return path


def render(chromium: str, url: str, profile: Path, screenshot: Path | None = None) -> str:
    """The page's DOM after its scripts ran (up to 20 s of virtual time), offline."""
    args = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        OFFLINE,
        "--virtual-time-budget=20000",
        "--window-size=1280,2000",
    ]
    if screenshot is not None:
        args.append(f"--screenshot={screenshot}")
    else:
        args.append("--dump-dom")
    out = subprocess.run([*args, url], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_swagger_ui_renders_offline_in_a_browser(
    chromium: str, live_server, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = httpx.get(f"{live_server.base_url}/docs").text
    assert not re.search(r"(src|href)=[\"']https?://", page), page  # nothing from elsewhere
    dom = render(chromium, f"{live_server.base_url}/docs", tmp_path / "profile")
    # Swagger UI built the page from /openapi.json: the title, the operations, the schemas
    assert 'class="swagger-ui"' in dom, dom[:2000]
    assert "tradeclaims" in dom
    for path in ("/v1/articles", "/v1/articles/batch", "/v1/claims", "/v1/pairs/{a}/{b}/series"):
        assert f'data-path="{path}"' in dom, path
    assert dom.count("opblock-summary-method") >= 10
    assert "Authorize" in dom  # the Bearer key scheme is offered


def test_redoc_renders_offline_in_a_browser(chromium: str, live_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = httpx.get(f"{live_server.base_url}/redoc").text
    assert not re.search(r"(src|href)=[\"']https?://", page), page
    dom = render(chromium, f"{live_server.base_url}/redoc", tmp_path / "profile")
    assert "redoc-wrap" in dom, dom[:2000]
    assert "/v1/pairs/{a}/{b}/series" in dom
