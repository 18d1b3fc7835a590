"""Take docs/pair-page.png: serve the app on a throwaway SQLite database, post the example
articles, official figures and rates (examples/), and let headless Chromium screenshot
/pairs/KAZ/RUS. Run: .venv/bin/python scripts/pair_page_screenshot.py"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.db.migrate import upgrade  # noqa: E402
from tests.conftest import LiveServer, settings_for  # noqa: E402


def main() -> int:
    chromium = shutil.which("chromium")
    if chromium is None:
        print("no chromium: scripts/ensure-chromium.sh installs it", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/screenshot.db"
        upgrade(url)
        rates = subprocess.run(
            [sys.executable, "-m", "app", "--database-url", url, "fx", "load",
             str(REPO / "examples" / "rates.csv")],
            cwd=REPO, check=True, capture_output=True, text=True,
        )  # fmt: skip
        print(rates.stdout.strip())
        with (
            LiveServer(settings_for(url, extract_workers=0)) as server,
            httpx.Client(base_url=server.base_url, timeout=60) as c,
        ):
            batch = (REPO / "examples" / "kz-ru-claims.ndjson").read_bytes()
            r = c.post(
                "/v1/articles/batch",
                content=batch,
                headers={"Content-Type": "application/x-ndjson"},
            )
            print("articles:", r.json()["created"])
            official = (REPO / "examples" / "official-kz-ru.csv").read_bytes()
            r = c.post("/v1/official", content=official, headers={"Content-Type": "text/csv"})
            print("official rows:", r.json())
            out = REPO / "docs" / "pair-page.png"
            subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                 f"--user-data-dir={tmp}/profile", "--hide-scrollbars",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                 "--virtual-time-budget=20000", "--window-size=1280,1500",
                 f"--screenshot={out}", f"{server.base_url}/pairs/KAZ/RUS"],
                check=True, capture_output=True, timeout=120,
            )  # fmt: skip
            print("wrote", out.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
