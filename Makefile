# The commands CI and the README use, by name.
.PHONY: install check test demo emulator bench

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
