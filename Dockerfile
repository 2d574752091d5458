# The image manifests/kubernetes and compose.yaml run: skm-bot and nothing else, as an
# unprivileged user. Build it with `make image` (docker build -t skm-bot:VERSION .).
FROM python:3.11-slim

# The root is read-only where it runs (Kubernetes, compose.yaml) and /tmp is its scratch space:
# matplotlib (the digest's chart) keeps its font cache there instead of warning on every start.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MPLCONFIGDIR=/tmp/matplotlib

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY skm_bot ./skm_bot
# The uid and gid the Kubernetes manifests run as (runAsUser, runAsGroup, fsGroup: 10001).
RUN pip install --no-cache-dir . \
    && groupadd --system --gid 10001 skm-bot \
    && useradd --system --uid 10001 --gid 10001 --no-log-init --no-create-home skm-bot

USER 10001:10001
# `serve --http` listens here: the port of the Deployment, the Service's target and compose.yaml.
EXPOSE 3000
ENTRYPOINT ["skm-bot"]
CMD ["serve", "--http", "--host", "0.0.0.0", "--port", "3000"]
