# The image manifests/kubernetes runs: skm-bot and nothing else, as an unprivileged user.
FROM python:3.11-slim

WORKDIR /app
COPY pyproject.toml README.md ./
COPY skm_bot ./skm_bot
RUN pip install --no-cache-dir . && useradd --system --uid 10001 skm-bot

USER 10001
ENTRYPOINT ["skm-bot"]
CMD ["serve", "--http", "--host", "0.0.0.0", "--port", "8080"]
