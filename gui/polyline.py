"""Fewer vertices for a polyline that looks the same on screen (numpy only, no Qt).

A curve of 2 001 samples across ~900 pixels has two or three vertices per pixel; stroking a
thick antialiased (or dashed) line costs per vertex, so most of that work draws nothing new.
``simplify`` keeps a subset of the vertices such that every dropped vertex lies within ``tol``
pixels of the kept polyline (Ramer–Douglas–Peucker, one numpy pass per level of splitting).
"""

from __future__ import annotations

import numpy as np

MAX_LEVELS = 60  # a function graph needs ~10; beyond this the caller draws every vertex


def simplify(px: np.ndarray, py: np.ndarray, tol: float) -> np.ndarray | None:
    """Indices of the vertices to keep, first and last always included, in order.

    ``px``/``py`` are device coordinates (pixels), all finite. Returns None when the shape
    needs more than ``MAX_LEVELS`` rounds (draw every vertex then).
    """
    n = len(px)
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    if n <= 2:
        return np.flatnonzero(keep)
    for _ in range(MAX_LEVELS):
        kept = np.flatnonzero(keep)
        # Each vertex belongs to the segment between the kept vertices around it.
        segment = np.cumsum(keep) - 1
        segment[-1] = len(kept) - 2  # the last vertex closes the last segment
        start = kept[segment]
        end = kept[np.minimum(segment + 1, len(kept) - 1)]
        ax, ay = px[start], py[start]
        dx, dy = px[end] - ax, py[end] - ay
        length = np.hypot(dx, dy)
        cross = np.abs((px - ax) * dy - (py - ay) * dx)
        # Distance to the chord; a chord of length 0 measures the distance to its point.
        with np.errstate(invalid="ignore", divide="ignore"):
            dist = np.where(length > 0, cross / length, np.hypot(px - ax, py - ay))
        dist[keep] = 0.0
        worst = np.maximum.reduceat(dist, kept[:-1])  # per segment [kept[k], kept[k+1])
        split = (dist > tol) & (dist == worst[np.minimum(segment, len(kept) - 2)])
        if not split.any():
            return kept
        keep |= split
    return None
