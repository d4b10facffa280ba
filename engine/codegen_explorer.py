"""The explorer's script: the activations on screen, f(x) and autograd's f′(x) at a few x."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.catalogue import ActivationSpec, Params
from engine.codegen import (
    Tr,
    activation_code,
    combine,
    comment,
    header,
    imports,
    inline,
    number,
    own_class_names,
)
from engine.messages import QT_TR_NOOP

POINTS = 7


def sample_points(x_range: tuple[float, float], n: int = POINTS) -> list[float]:
    """The x values the script prints: ``n`` evenly spaced over the explorer's x range."""
    return [float(v) for v in np.linspace(x_range[0], x_range[1], n)]


def unique_names(specs: Sequence[ActivationSpec]) -> list[str]:
    names: list[str] = []
    for spec in specs:
        name, i = spec.name, 2
        while name in names:
            name, i = f"{spec.name} ({i})", i + 1
        names.append(name)
    return names


def explorer_script(
    activations: Sequence[tuple[ActivationSpec, Params]],
    x_range: tuple[float, float],
    tr: Tr = str,
) -> str:
    """A runnable script printing, for each (spec, params), x, f(x) and f′(x) at the points of
    :func:`sample_points`, computed as :func:`engine.curves.evaluate` does (float64, autograd);
    ``tr`` translates its comments."""
    specs = [s for s, _ in activations]
    class_names = own_class_names(specs)
    codes = [
        activation_code(s, p, dim=-1, class_name=class_names.get(s.key, "Own"), tr=tr)
        for s, p in activations
    ]
    classes, needs_math, needs_f = combine(codes)
    names = unique_names(specs)
    title = tr(QT_TR_NOOP("Activation Lab — Explorer: f(x) and f'(x) of {names}."))
    lines = [
        header(
            title.format(names=", ".join(names)),
            tr(
                QT_TR_NOOP(
                    "f'(x) comes from autograd on the real modules, in float64 as the program "
                    "computes its curves."
                )
            ),
            tr,
        ),
        imports(needs_math, needs_f),
        "",
    ]
    for source in classes:
        lines += ["", source]
    lines += comment(tr(QT_TR_NOOP("The activations on screen, with their current parameters.")))
    lines.append("activations = {")
    for name, code in zip(names, codes, strict=True):
        lines.append(f"    {name!r}: {code.expr},")
    lines.append("}")
    vector = {
        name: list(p.get("others", ()))
        for name, (s, p) in zip(names, activations, strict=True)
        if s.family == "vector"
    }
    if vector:
        note = QT_TR_NOOP(
            "Softmax-type modules act on a whole vector: x is component 0 of the input, the "
            "other logits stay fixed, and the curve is component 0 of the output."
        )
        lines += [
            *comment(tr(note)),
            "other_logits = {",
            *(f"    {k!r}: [{', '.join(number(v) for v in vs)}]," for k, vs in vector.items()),
            "}",
        ]
    else:
        lines.append("other_logits = {}")
    xs = ", ".join(number(v) for v in sample_points(x_range))
    lines += [
        "",
        f"x = torch.tensor([{xs}], dtype=torch.float64)",
        "",
        "for name, module in activations.items():",
        inline("    module = module.double()", tr(QT_TR_NOOP("float64, as the explorer computes"))),
        "    xs = x.clone().requires_grad_(True)",
        "    if name in other_logits:",
        "        others = torch.tensor(other_logits[name], dtype=torch.float64)",
        "        y = module(torch.cat([xs[:, None], others.expand(len(xs), -1)], dim=1))[:, 0]",
        "    else:",
        "        y = module(xs)",
        *comment(
            tr(
                QT_TR_NOOP(
                    "Each output depends only on its own x, so the gradient of the sum is f'(x) "
                    "at every point."
                )
            ),
            "    ",
        ),
        "    (dy,) = torch.autograd.grad(y.sum(), xs)",
        "    print(name)",
        "    for xi, fi, di in zip(xs.tolist(), y.tolist(), dy.tolist()):",
        '        print(f"  x = {xi!r:>6}   f(x) = {fi!r}   f\'(x) = {di!r}")',
    ]
    return "\n".join(lines) + "\n"
