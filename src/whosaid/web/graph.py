"""Who confirms, denies or relays whom within a claim, laid out for an SVG drawn by the template.

The claim's first supporting voice sits in the middle; every other speaker on a circle
around it, joined by an edge whose kind is that speaker's role (support, confirm, deny,
non_committal, relay). Coordinates only: names are rendered, escaped, by the template.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from whosaid.records import Claim

WIDTH, HEIGHT, RADIUS = 640, 360, 140


@dataclass(frozen=True)
class Node:
    name: str
    x: float
    y: float
    speaker_id: int | None
    role: str


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    role: str


def claim_graph(claim: Claim) -> tuple[list[Node], list[Edge]]:
    roles: dict[str, tuple[str, int | None]] = {}
    for v in claim.voices:
        name = v.speaker or "unnamed source"
        if name not in roles or roles[name][0] == "relay":
            roles[name] = (v.role, v.speaker_id)
    if not roles:
        return [], []
    centre_name = next((n for n, (r, _) in roles.items() if r == "support"), next(iter(roles)))
    cx, cy = WIDTH / 2, HEIGHT / 2
    nodes = [Node(centre_name, cx, cy, roles[centre_name][1], roles[centre_name][0])]
    others = [n for n in roles if n != centre_name]
    edges = []
    for k, name in enumerate(others):
        angle = 2 * math.pi * k / max(len(others), 1) - math.pi / 2
        x, y = cx + RADIUS * 1.6 * math.cos(angle), cy + RADIUS * math.sin(angle)
        role, sid = roles[name]
        nodes.append(Node(name, round(x, 1), round(y, 1), sid, role))
        edges.append(Edge(round(x, 1), round(y, 1), cx, cy, role))
    return nodes, edges
