# Brief's image: one image, three processes (web, worker, clock), chosen by the command.
#   podman build -t brief .              (or docker build)
#   podman run --env-file .env -p 3000:3000 brief                 # web: python -m bot serve
#   podman run --env-file .env brief python -m bot worker
#   podman run --env-file .env brief python -m bot clock
# BASE: any image with Python 3.11+ and venv (the smoke test used a Debian bookworm base).
ARG BASE=python:3.11-slim
FROM ${BASE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/brief/bin:$PATH

WORKDIR /build
# The locked dependencies first: this layer is rebuilt only when the lock changes.
COPY requirements.lock ./
RUN python3 -m venv /opt/brief && /opt/brief/bin/pip install --quiet -r requirements.lock
COPY pyproject.toml README.md ./
COPY prompts ./prompts
COPY bot ./bot
# A real (non-editable) install: the prompt templates go into the package as data.
RUN /opt/brief/bin/pip install --quiet --no-deps . && /opt/brief/bin/pip check \
    && rm -rf /build

RUN useradd --system --home-dir /srv --shell /usr/sbin/nologin brief
USER brief
WORKDIR /srv
EXPOSE 3000
CMD ["python", "-m", "bot", "serve"]
