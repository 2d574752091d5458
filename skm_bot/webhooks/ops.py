"""Operations endpoints: `/readyz` (the store answers) and `/metrics` in the Prometheus format."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from skm_bot.core.diagnosis import Diagnosis


def _registry() -> CollectorRegistry:
    return CollectorRegistry()


@dataclass
class Metrics:
    """The bot's metrics, on their own registry (one per app, so tests never share state)."""

    registry: CollectorRegistry = field(default_factory=_registry)

    def __post_init__(self) -> None:
        r = self.registry
        self.diagnoses = Counter(
            "skm_bot_diagnoses", "Diagnoses made, by best-matching failure", ["failure"], registry=r
        )
        self.checks = Counter("skm_bot_checks", "Check results, by status", ["status"], registry=r)
        self.alerts_received = Counter(
            "skm_bot_alerts_received", "Alerts received by the webhooks", ["source"], registry=r
        )
        self.alerts_deduplicated = Counter(
            "skm_bot_alerts_deduplicated",
            "Alerts recognised as repeats of one already stored",
            ["source"],
            registry=r,
        )
        self.outbox_depth = Gauge(
            "skm_bot_outbox_depth", "Slack calls waiting in the outbox", registry=r
        )
        self.slack_latency = Histogram(
            "skm_bot_slack_call_seconds",
            "Latency of Slack Web API calls, by method and outcome",
            ["method", "outcome"],
            registry=r,
        )

    def observe_slack_call(self, method: str, outcome: str, seconds: float) -> None:
        """Record the latency of one Slack Web API call (the outbox's CallObserver)."""
        self.slack_latency.labels(method, outcome).observe(seconds)

    def count_diagnosis(self, diagnosis: Diagnosis) -> None:
        """Count a diagnosis by its best failure and its checks by status."""
        failure = diagnosis.matches[0].error_id if diagnosis.matches else "none"
        self.diagnoses.labels(failure).inc()
        for check in diagnosis.checks:
            self.checks.labels(check.status.value).inc()


Probe = Callable[[], Awaitable[None]]
DepthProbe = Callable[[], Awaitable[int]]
# Another part the bot needs before it is ready (Slack): None when ready, else why not.
Gate = Callable[[], str | None]


def ops_routes(
    *,
    ping: Probe,
    depth: DepthProbe,
    metrics: Metrics,
    gates: Mapping[str, Gate] | None = None,
) -> list[BaseRoute]:
    """
    `/readyz` and `/metrics`. (`/healthz` belongs to the Slack app's server.)

    `/readyz` is 200 when the store answers and every gate is open; else 503 saying, per part,
    what is wrong: `{"ready": false, "store": "ok", "slack": "Slack's Web API cannot be …"}`.
    """
    gates = gates or {}

    async def readyz(_: Request) -> Response:
        answers: dict[str, object] = {"ready": True, "store": "ok"}
        try:
            await ping()
        except Exception as exc:  # any failure to answer means not ready
            answers.update(ready=False, store=f"unreachable: {type(exc).__name__}")
        for name, gate in gates.items():
            problem = gate()
            answers[name] = problem or "ok"
            if problem is not None:
                answers["ready"] = False
        return JSONResponse(answers, status_code=200 if answers["ready"] else 503)

    async def metrics_endpoint(_: Request) -> Response:
        try:
            metrics.outbox_depth.set(await depth())
        except Exception:  # keep serving the other metrics when the store is down
            metrics.outbox_depth.set(float("nan"))
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return [
        Route("/readyz", readyz, methods=["GET"]),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
    ]
