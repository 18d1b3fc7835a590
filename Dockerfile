# The service's image, for the API and the queue workers alike: exactly the versions of uv.lock.
# The API (the default command) migrates, then serves with `python -m app serve`: uvicorn
# (httptools + uvloop) workers, a listening socket each (app/serve.py says why); a worker runs
# `python -m app worker` (docker-compose.yml).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=/srv/.venv UV_LINK_MODE=copy \
    UV_COMPILE_BYTECODE=1 \
    PATH=/srv/.venv/bin:$PATH \
    PROMETHEUS_MULTIPROC_DIR=/tmp/tradeclaims-metrics
WORKDIR /srv
RUN pip install --no-cache-dir uv==0.13.9
COPY pyproject.toml uv.lock README.md ./
# the locked dependencies first, in a layer of their own that code changes do not rebuild
RUN uv sync --locked --no-install-project --no-cache
COPY app ./app
RUN uv sync --locked --no-editable --no-cache
COPY alembic.ini ./
COPY migrations ./migrations
RUN useradd --system --uid 10001 tradeclaims
USER tradeclaims
EXPOSE 8000
# The metrics directory is emptied at each start: prometheus-client's multiprocess files of a
# previous run would be counted again (see README, Metrics).
CMD ["sh", "-c", "rm -rf \"$PROMETHEUS_MULTIPROC_DIR\" && mkdir -p \"$PROMETHEUS_MULTIPROC_DIR\" && alembic upgrade head && exec python -m app serve --host 0.0.0.0 --port 8000 --workers ${WEB_CONCURRENCY:-2} --proxy-headers"]
