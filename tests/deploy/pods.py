"""
What a container of a rendered workload sees: its environment and its files.

Kubernetes builds both from references (envFrom, secretKeyRef, Secret volumes); these functions
follow them through the rendered objects the way the kubelet would, and raise `Unresolved`
where the kubelet would refuse to start the container.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

WORKLOADS = ("Deployment", "StatefulSet", "DaemonSet", "Job")
# $(NAME) in an env value is replaced by an earlier variable; $$(NAME) is a literal $(NAME).
_REFERENCE = re.compile(r"\$\$|\$\((\w+)\)")


class Unresolved(Exception):
    """A reference the kubelet could not follow: the container would not start."""


@dataclass(frozen=True)
class Container:
    """One container of a workload, with the pod spec around it."""

    workload: dict
    spec: dict
    pod: dict

    @property
    def name(self) -> str:
        return f"{self.workload['kind']}/{self.workload['metadata']['name']}/{self.spec['name']}"


def containers(objects: list[dict]) -> Iterator[Container]:
    """Every init container and container of every workload."""
    for obj in objects:
        if obj["kind"] in WORKLOADS:
            pod = obj["spec"]["template"]["spec"]
            for spec in [*pod.get("initContainers", []), *pod["containers"]]:
                yield Container(obj, spec, pod)


def find(objects: list[dict], kind: str, name: str) -> dict | None:
    """The object of this kind and name, or None."""
    return next(
        (o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name),
        None,
    )


def data_of(obj: dict) -> dict[str, bytes]:
    """A Secret's or ConfigMap's keys and values (Secrets' `data` decoded)."""
    values = {k: v.encode() for k, v in obj.get("stringData", {}).items()}
    if obj["kind"] == "Secret":
        values |= {k: base64.b64decode(v) for k, v in obj.get("data", {}).items()}
    else:
        values |= {k: v.encode() for k, v in obj.get("data", {}).items()}
    return values


def _source(objects: list[dict], kind: str, ref: Mapping) -> dict[str, bytes] | None:
    obj = find(objects, kind, ref["name"])
    if obj is None:
        if ref.get("optional"):
            return None
        raise Unresolved(f"{kind} {ref['name']} is not among the rendered objects")
    return data_of(obj)


def _key(objects: list[dict], kind: str, ref: Mapping) -> str | None:
    values = _source(objects, kind, ref)
    if values is None:
        return None
    if ref["key"] not in values:
        if ref.get("optional"):
            return None
        raise Unresolved(f"{kind} {ref['name']} has no key {ref['key']}")
    return values[ref["key"]].decode()


def _expand(value: str, defined: Mapping[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        if match[0] == "$$":
            return "$"
        return defined.get(match[1], match[0])

    return _REFERENCE.sub(one, value)


def environment(objects: list[dict], container: Container) -> dict[str, str]:
    """The container's environment: envFrom in order, then env (which wins), as the kubelet."""
    env: dict[str, str] = {}
    for source in container.spec.get("envFrom", []):
        kind, ref = (
            ("ConfigMap", source["configMapRef"])
            if "configMapRef" in source
            else ("Secret", source["secretRef"])
        )
        values = _source(objects, kind, ref) or {}
        env |= {source.get("prefix", "") + k: v.decode() for k, v in values.items()}
    for var in container.spec.get("env", []):
        if "value" in var:
            env[var["name"]] = _expand(var["value"], env)
            continue
        ref = var["valueFrom"]
        kind, key_ref = (
            ("Secret", ref["secretKeyRef"])
            if "secretKeyRef" in ref
            else ("ConfigMap", ref["configMapKeyRef"])
        )
        value = _key(objects, kind, key_ref)
        if value is not None:
            env[var["name"]] = value
    return env


def unexpanded(env: Mapping[str, str]) -> dict[str, list[str]]:
    """Variables whose value still holds a $(NAME): NAME was not defined before them."""
    left = {name: re.findall(r"(?<!\$)\$\((\w+)\)", value) for name, value in env.items()}
    return {name: refs for name, refs in left.items() if refs}


def mount_points(container: Container) -> list[PurePosixPath]:
    """Where the container's volumes are mounted."""
    return [PurePosixPath(m["mountPath"]) for m in container.spec.get("volumeMounts", [])]


def is_mounted(path: str, container: Container) -> bool:
    """True when `path` lies under one of the container's mount points."""
    target = PurePosixPath(path)
    return any(target == point or point in target.parents for point in mount_points(container))


def files(objects: list[dict], container: Container) -> dict[str, bytes]:
    """
    Every file the container's Secret and ConfigMap volumes put in it, by absolute path.

    An optional volume whose object is not rendered adds nothing (the operator creates it).
    """
    volumes = {v["name"]: v for v in container.pod.get("volumes", [])}
    # A StatefulSet's claim templates are volumes of its pods too.
    for claim in container.workload["spec"].get("volumeClaimTemplates", []):
        volumes[claim["metadata"]["name"]] = {"persistentVolumeClaim": claim["spec"]}
    found: dict[str, bytes] = {}
    for mount in container.spec.get("volumeMounts", []):
        volume = volumes.get(mount["name"])
        if volume is None:
            raise Unresolved(f"{container.name}: no volume named {mount['name']}")
        if "secret" in volume:
            ref = {"name": volume["secret"]["secretName"], **volume["secret"]}
            values = _source(objects, "Secret", ref)
        elif "configMap" in volume:
            values = _source(objects, "ConfigMap", volume["configMap"])
        else:
            continue
        found |= _placed(values or {}, volume, mount)
    return found


def _placed(values: dict[str, bytes], volume: dict, mount: dict) -> dict[str, bytes]:
    """Where each key lands: `items` rename or pick keys; `subPath` mounts one of them."""
    source = volume.get("secret") or volume.get("configMap") or {}
    if "items" in source:
        values = {i["path"]: values[i["key"]] for i in source["items"] if i["key"] in values}
    point = PurePosixPath(mount["mountPath"])
    if "subPath" in mount:
        sub = mount["subPath"]
        return {str(point): values[sub]} if sub in values else {}
    return {str(point / key): content for key, content in values.items()}
