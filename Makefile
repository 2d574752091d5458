# The commands the README, CI and developers use, by name. Everything runs in the project's
# virtual environment (.venv): current Debian and Ubuntu refuse `pip install` outside one.
.PHONY: install check test fast demo emulator bench image pictures

VENV ?= .venv
PY := $(VENV)/bin/python

$(PY):
	python3 -m venv $(VENV)

install: $(PY)
	$(PY) -m pip install -e '.[dev]'

check:
	$(PY) -m ruff check skm_bot tests bench scripts
	$(PY) -m ruff format --check skm_bot tests bench scripts
	$(PY) -m mypy
	$(PY) -m mypy --strict scripts
	$(VENV)/bin/lint-imports

# The README's test command.
test:
	$(PY) -m pytest

# The fast loop while working: no real processes, servers, databases or exhaustive sweeps.
fast:
	$(PY) -m pytest -m "not slow"

demo:
	$(VENV)/bin/skm-bot demo

emulator:
	$(VENV)/bin/skm-bot emulator --port 8080

# Every benchmark, each printing its figures beside their targets, then the summary table the
# README links: bench/RESULTS.md (date, machine, every figure, met or not met).
BENCHES := diagnose cli understanding live slack webhooks edges certs watch home
bench:
	rm -f bench/.results.jsonl
	status=0; for b in $(BENCHES); do \
		echo "== bench_$$b"; \
		SKM_BENCH_RESULTS=bench/.results.jsonl $(PY) bench/bench_$$b.py || status=1; \
	done; \
	$(PY) bench/summary.py bench/.results.jsonl > bench/RESULTS.md; \
	echo "wrote bench/RESULTS.md"; exit $$status

# The container image the Kubernetes manifests and compose.yaml run: skm-bot:<project version>.
# Push it elsewhere with `make image IMAGE=registry.example.com/skm-bot`.
IMAGE ?= skm-bot
VERSION ?= $(shell python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')

image:
	docker build -t $(IMAGE):$(VERSION) .

# The pictures of the Slack replies in docs/images/, drawn from the golden Block Kit JSON and
# screenshotted by headless Chromium (Debian: apt-get install chromium; optipng makes them smaller).
pictures:
	$(PY) scripts/render_replies.py
