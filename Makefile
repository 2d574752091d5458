# The commands CI and the README use, by name.
.PHONY: install check test demo emulator bench image

install:
	python3 -m pip install -e '.[dev]'

check:
	python3 -m ruff check skm_bot tests bench
	python3 -m ruff format --check skm_bot tests bench
	python3 -m mypy

test:
	python3 -m pytest

demo:
	skm-bot demo

emulator:
	skm-bot emulator --port 8080

bench:
	python3 bench/bench_diagnose.py
	python3 bench/bench_live.py
	python3 bench/bench_slack.py
	python3 bench/bench_webhooks.py

# The container image the Kubernetes manifests and compose.yaml run: skm-bot:<project version>.
# Push it elsewhere with `make image IMAGE=registry.example.com/skm-bot`.
IMAGE ?= skm-bot
VERSION ?= $(shell python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')

image:
	docker build -t $(IMAGE):$(VERSION) .
