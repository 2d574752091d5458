"""The objects the example overlay renders: valid Kubernetes, and coherent with one another."""

from __future__ import annotations

import subprocess

import kubernetes_validate
import pytest
import yaml
from sqlalchemy.engine import make_url

from tests.deploy.layout import BASE, KUBERNETES, KUBERNETES_VERSION, POSTGRES_COMPONENT, ROOT
from tests.deploy.pods import containers, data_of, environment

# Files kustomize reads that are not whole Kubernetes objects.
_NOT_OBJECTS = ("kustomization.yaml",)
RAW_OBJECTS = sorted(
    p
    for directory in (BASE, POSTGRES_COMPONENT)
    for p in directory.glob("*.yaml")
    if p.name not in _NOT_OBJECTS and not p.name.endswith(".patch.yaml")
)


def _one(rendered: list[dict], kind: str, name: str | None = None) -> dict:
    [obj] = [o for o in rendered if o["kind"] == kind and name in (None, o["metadata"]["name"])]
    return obj


def _pod_labels(workload: dict) -> dict[str, str]:
    return workload["spec"]["template"]["metadata"]["labels"]


def _selects(selector: dict, labels: dict[str, str]) -> bool:
    wanted = selector.get("matchLabels", selector)
    return wanted.items() <= labels.items()


@pytest.mark.parametrize("path", RAW_OBJECTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_raw_manifest_is_valid_kubernetes(path):
    """Runs without kustomize: the files as written, before any overlay."""
    for doc in yaml.safe_load_all(path.read_text()):
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_every_rendered_object_is_valid_kubernetes(rendered):
    problems = []
    for obj in rendered:
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            problems.append(f"{obj['kind']}/{obj['metadata']['name']}: {exc.message}")

    assert problems == []


def test_validation_catches_a_misspelt_field(rendered):
    """The strict schemas are what make the test above worth having."""
    deployment = _one(rendered, "Deployment")
    broken = {**deployment, "spec": {**deployment["spec"], "replica": 2}}

    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_the_overlay_renders_the_bot_and_its_postgres(rendered):
    named = {(o["kind"], o["metadata"]["name"]) for o in rendered}
    generated = {o["kind"] for o in rendered if o["kind"] in ("Secret", "ConfigMap")}

    assert named - {n for n in named if n[0] in generated} == {
        ("Namespace", "skm-bot"),
        ("Deployment", "skm-bot"),
        ("Service", "skm-bot"),
        ("NetworkPolicy", "skm-bot"),
        ("PodDisruptionBudget", "skm-bot"),
        ("StatefulSet", "skm-bot-postgres"),
        ("Service", "skm-bot-postgres"),
        ("NetworkPolicy", "skm-bot-postgres"),
    }


def test_every_object_lives_in_the_overlay_namespace(rendered):
    namespace = _one(rendered, "Namespace")["metadata"]["name"]
    others = {o["metadata"].get("namespace") for o in rendered if o["kind"] != "Namespace"}

    assert others == {namespace}


def test_services_select_pods_and_target_their_named_ports(rendered):
    workloads = [o for o in rendered if o["kind"] in ("Deployment", "StatefulSet")]
    for service in (o for o in rendered if o["kind"] == "Service"):
        [workload] = [w for w in workloads if _selects(service["spec"]["selector"], _pod_labels(w))]
        ports = {
            p["name"]
            for c in workload["spec"]["template"]["spec"]["containers"]
            for p in c["ports"]
        }
        assert {p["targetPort"] for p in service["spec"]["ports"]} <= ports, service


def test_pdb_selects_the_bot_and_leaves_a_replica_to_evict(rendered):
    deployment = _one(rendered, "Deployment", "skm-bot")
    pdb = _one(rendered, "PodDisruptionBudget")

    assert _selects(pdb["spec"]["selector"], _pod_labels(deployment))
    assert pdb["spec"]["minAvailable"] < deployment["spec"]["replicas"]


def test_network_policies_select_the_pods_they_were_written_for(rendered):
    workloads = {
        w["metadata"]["name"]: w for w in rendered if w["kind"] in ("Deployment", "StatefulSet")
    }
    for policy in (o for o in rendered if o["kind"] == "NetworkPolicy"):
        workload = workloads[policy["metadata"]["name"]]
        assert _selects(policy["spec"]["podSelector"], _pod_labels(workload)), policy


def test_network_policies_let_the_bot_reach_postgres_and_nothing_else_in(rendered):
    bot = _pod_labels(_one(rendered, "Deployment", "skm-bot"))
    postgres = _pod_labels(_one(rendered, "StatefulSet"))
    port = _one(rendered, "Service", "skm-bot-postgres")["spec"]["ports"][0]["port"]
    out = _one(rendered, "NetworkPolicy", "skm-bot")["spec"]["egress"]
    into = _one(rendered, "NetworkPolicy", "skm-bot-postgres")["spec"]["ingress"]

    assert any(
        _selects(peer["podSelector"], postgres)
        and {"port": port, "protocol": "TCP"} in rule["ports"]
        for rule in out
        for peer in rule["to"]
        if "podSelector" in peer and "namespaceSelector" not in peer
    )
    assert [_selects(peer["podSelector"], bot) for rule in into for peer in rule["from"]] == [True]


def test_bot_probes_health_and_readiness_within_its_memory_limit(rendered):
    container = _one(rendered, "Deployment", "skm-bot")["spec"]["template"]["spec"]["containers"][0]

    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["resources"]["limits"]["memory"] == "512Mi"


def test_bot_migrates_the_store_before_it_serves(rendered):
    [init] = _one(rendered, "Deployment", "skm-bot")["spec"]["template"]["spec"]["initContainers"]

    assert init["command"] == ["skm-bot", "db", "upgrade"]


@pytest.mark.parametrize(
    "field",
    ["allowPrivilegeEscalation", "readOnlyRootFilesystem", "capabilities", "limits", "nonroot"],
)
def test_every_container_meets_the_restricted_pod_security_standard(rendered, field):
    """The namespace enforces `restricted`: a container that does not meet it is refused."""
    wrong = []
    for c in containers(rendered):
        checks = {
            "allowPrivilegeEscalation": c.spec["securityContext"]["allowPrivilegeEscalation"]
            is False,
            "readOnlyRootFilesystem": c.spec["securityContext"]["readOnlyRootFilesystem"] is True,
            "capabilities": c.spec["securityContext"]["capabilities"] == {"drop": ["ALL"]},
            "limits": {"cpu", "memory"} <= set(c.spec["resources"]["limits"]),
            "nonroot": c.pod["securityContext"]["runAsNonRoot"] is True
            and c.pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"},
        }
        if not checks[field]:
            wrong.append(c.name)

    assert wrong == []


def test_database_url_reaches_the_postgres_the_overlay_runs(rendered):
    bot = next(c for c in containers(rendered) if c.spec["name"] == "skm-bot")
    server = next(c for c in containers(rendered) if c.spec["name"] == "postgres")
    service = _one(rendered, "Service", "skm-bot-postgres")
    url = make_url(environment(rendered, bot)["SKM_BOT_DATABASE_URL"])
    postgres = environment(rendered, server)

    assert url.drivername == "postgresql+asyncpg"
    assert (url.host, url.port) == (
        service["metadata"]["name"],
        service["spec"]["ports"][0]["port"],
    )
    assert (url.username, url.password, url.database) == (
        postgres["POSTGRES_USER"],
        postgres["POSTGRES_PASSWORD"],
        postgres["POSTGRES_DB"],
    )


def test_example_secrets_hold_only_obviously_fake_values(rendered):
    secrets = [o for o in rendered if o["kind"] == "Secret"]
    values = {
        f"{s['metadata']['name']}/{key}": value
        for s in secrets
        for key, value in data_of(s).items()
        if not key.endswith(".toml")
    }

    assert {k: v for k, v in values.items() if b"EXAMPLE" not in v} == {}


@pytest.mark.parametrize(
    ("path", "ignored"),
    [
        ("manifests/kubernetes/overlays/prod/skm-bot.env", True),
        ("manifests/kubernetes/overlays/example/skm-bot.env", False),
        ("manifests/kubernetes/base/deployment.yaml", False),
    ],
)
def test_git_keeps_an_operators_own_overlay_out(path, ignored):
    """A copy of the example holds real secrets: git must not offer to commit it."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    result = subprocess.run(
        ["git", "-C", str(ROOT), "check-ignore", "--no-index", "-q", path], check=False
    )

    assert (result.returncode == 0) is ignored


def test_kubernetes_directory_has_only_base_components_and_overlays():
    """Nothing is applied from the top directory any more: no stray manifests beside the three."""
    assert sorted(p.name for p in KUBERNETES.iterdir()) == ["base", "components", "overlays"]
