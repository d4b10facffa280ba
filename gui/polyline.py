"""Fewer vertices for a polyline that looks the same on screen (numpy only, no Qt).

A curve of 2 001 samples across ~900 pixels has two or three vertices per pixel; stroking a
thick antialiased (or dashed) line costs per vertex, so most of that work draws nothing new.
``simplify`` keeps a subset of the vertices such that every dropped vertex lies within ``tol``
pixels of the kept polyline (Ramer–Douglas–Peucker, one numpy pass per level of splitting).
"""

from __future__ import annotations

import numpy as np

MAX_LEVELS = 60  # a function graph needs ~10; beyond this the caller draws every vertex


def simplify(
    px: np.ndarray, py: np.ndarray, tol: float, fixed: np.ndarray | None = None
) -> np.ndarray | None:
    """Indices of the vertices to keep, in order: the first, the last, every ``fixed`` one
    (a boolean mask, e.g. the ends of a line's separate runs) and enough others.

    ``px``/``py`` are device coordinates (pixels), all finite. Returns None when the shape
    needs more than ``MAX_LEVELS`` rounds (draw every vertex then).
    """
    n = len(px)
    keep = np.zeros(n, dtype=bool) if fixed is None else fixed.astype(bool, copy=True)
    keep[0] = keep[-1] = True
    if n <= 2:
        return np.flatnonzero(keep)
    qx, qy = px[:-1], py[:-1]  # the last vertex is kept and closes the last segment
    inner = keep[:-1]  # a view: splits written here land in keep
    for _ in range(MAX_LEVELS):
        kept = np.flatnonzero(keep)
        # Vertex i (< n - 1) lies on the chord from kept[segment[i]] to kept[segment[i] + 1].
        segment = np.cumsum(inner) - 1
        start = kept[segment]
        end = kept[segment + 1]
        ax, ay = px[start], py[start]
        dx, dy = px[end] - ax, py[end] - ay
        # |cross| / chord length is the distance to the chord; compared without dividing.
        cross = np.abs((qx - ax) * dy - (qy - ay) * dx)
        limit = tol * np.hypot(dx, dy)
        if not limit.all():  # a chord of length 0 (a closed loop): distance to its point
            zero = limit == 0
            cross[zero] = np.hypot(qx - ax, qy - ay)[zero]
            limit[zero] = tol
        over = cross > limit
        if not over.any():
            return kept
        # Within one chord the length is the same, so the largest cross is the farthest vertex.
        score = np.where(over, cross, -1.0)
        worst = np.maximum.reduceat(score, kept[:-1])
        inner |= over & (score == worst[segment])
    return None
