"""docker-compose.yml (no Docker engine runs the tests): the worker is the API's image with
the worker command, and nothing stops `docker compose up --scale worker=N`."""

from __future__ import annotations

import yaml

from tests.conftest import REPO


def test_the_worker_service_is_the_api_image_and_scales() -> None:
    services = yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]
    api, worker = services["api"], services["worker"]
    assert worker["image"] == api["image"] and worker["build"] == api["build"] == "."
    assert worker["command"][:4] == ["python", "-m", "app", "worker"]
    assert "ports" not in worker and "container_name" not in worker  # N of them can run
    # the same database and settings; its metrics its own (the image's directory is the API's)
    assert {**worker["environment"], "PROMETHEUS_MULTIPROC_DIR": None} == {
        **api["environment"],
        "PROMETHEUS_MULTIPROC_DIR": None,
    }
    assert worker["environment"]["PROMETHEUS_MULTIPROC_DIR"] == ""
    assert worker["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert worker["depends_on"]["api"]["condition"] == "service_healthy"  # after migrating
    assert "/readyz" in " ".join(api["healthcheck"]["test"])
