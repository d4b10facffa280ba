"""Scripts for the labs: XOR (model, data, training loop), gradients through depth, Softmax.

Each reproduces the lab's computation with plain torch and prints the figures its panel shows
for the same state; the tests run them and compare with the engine's own numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.catalogue import ActivationSpec, Params
from engine.codegen import (
    Tr,
    activation_code,
    combine,
    comment,
    docstring,
    header,
    imports,
    inline,
    number,
    own_class_names,
)
from engine.messages import QT_TR_NOOP
from engine.optimizers import optimizer_code

# -- XOR ---------------------------------------------------------------------------------------

# The program's make_dataset, written out for one data set (numpy's generator, same seed).
_DATA = {
    "xor": [
        "X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])",
        "y = torch.tensor([0.0, 1.0, 1.0, 0.0])",
    ],
    "noisy_xor": [
        "rng = np.random.default_rng(SEED)",
        "corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)",
        "points = np.repeat(corners, 40, axis=0) + rng.normal(0, 0.18, (160, 2))",
        "X = torch.tensor(points.astype(np.float32))",
        "y = torch.tensor(np.repeat([0.0, 1.0, 1.0, 0.0], 40).astype(np.float32))",
    ],
    "circles": [
        "rng = np.random.default_rng(SEED)",
        "angle = rng.uniform(0, 2 * np.pi, 200)",
        "radius = np.concatenate([np.full(100, 1.0), np.full(100, 0.45)])",
        "radius = radius + rng.normal(0, 0.08, 200)",
        "points = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)",
        "X = torch.tensor(points.astype(np.float32))",
        "y = torch.cat([torch.zeros(100), torch.ones(100)])  # {inner}",
    ],
    "spirals": [
        "rng = np.random.default_rng(SEED)",
        "t = np.sqrt(rng.uniform(0.02, 1, 100)) * 3 * np.pi",
        "arm = np.stack([t * np.cos(t), t * np.sin(t)], axis=1) / (3 * np.pi)",
        "points = np.concatenate([arm, -arm]) + rng.normal(0, 0.025, (200, 2))",
        "X = torch.tensor(points.astype(np.float32))",
        "y = torch.cat([torch.zeros(100), torch.ones(100)])",
    ],
}


def xor_script(
    spec: ActivationSpec,
    params: Params,
    dataset: str = "xor",
    width: int = 8,
    depth: int = 1,
    seed: int = 0,
    optimizer: str = "adam",
    lr: float = 0.05,
    steps: int = 0,
    lr_schedule: Sequence[tuple[int, float]] = (),
    tr: Tr = str,
) -> str:
    """Both networks of the XOR lab trained ``steps`` full-batch steps; prints what the panel
    shows at that step: each net's loss and accuracy, and the identity net's one linear map.

    ``lr_schedule`` holds (first step, learning rate) for each change of the rate during the
    run (the lab's ``XorFrame.lr_schedule``); the script changes it at the same steps. ``tr``
    translates the comments."""
    changes = _schedule(lr_schedule, steps, lr)
    code = activation_code(spec, params, tr=tr)
    classes, _, needs_f = combine([code])
    opt = optimizer_code(optimizer, "net.parameters()", "LR")
    extra = ["import numpy as np"] if dataset != "xor" else []
    lines = [
        header(
            tr(
                QT_TR_NOOP(
                    "Activation Lab — XOR lab: the same MLP with {name} and without an activation."
                )
            ).format(name=spec.name),
            tr(
                QT_TR_NOOP(
                    "Without an activation the layers collapse into one linear map, whose "
                    "boundary is a straight line: it cannot separate XOR."
                )
            ),
            tr,
        ),
        "import math",
        "",
        *extra,
        imports(False, needs_f),
        "",
    ]
    for source in classes:
        lines += ["", source]
    lines += [
        f"SEED = {seed}",
        inline(f"WIDTH = {width}", tr(QT_TR_NOOP("hidden units per layer"))),
        inline(f"DEPTH = {depth}", tr(QT_TR_NOOP("hidden layers"))),
        *_lr_lines(changes, tr),
        inline(f"STEPS = {steps}", tr(QT_TR_NOOP("full-batch optimizer steps taken in the panel"))),
        inline("torch.set_num_threads(1)", tr(QT_TR_NOOP("as the program trains its labs"))),
        "",
        *(ln.format(inner=tr(QT_TR_NOOP("the inner disc is class 1"))) for ln in _DATA[dataset]),
        "",
        "",
        "def linear(fan_in, fan_out, gen):",
        *docstring(
            tr(QT_TR_NOOP("nn.Linear with its default init U(±1/sqrt(fan_in)), drawn from gen.")),
            "    ",
        ),
        "    layer = nn.Linear(fan_in, fan_out)",
        "    bound = 1 / math.sqrt(fan_in)",
        "    with torch.no_grad():",
        "        layer.weight.uniform_(-bound, bound, generator=gen)",
        "        layer.bias.uniform_(-bound, bound, generator=gen)",
        "    return layer",
        "",
        "",
        "def mlp(make_activation):",
        *docstring(
            tr(
                QT_TR_NOOP(
                    "2 -> [Linear(WIDTH) + activation] x DEPTH -> Linear(1): one logit per point."
                )
            ),
            "    ",
        ),
        inline(
            "    gen = torch.Generator().manual_seed(SEED)",
            tr(QT_TR_NOOP("same seed: same start for both nets")),
        ),
        "    layers, fan_in = [], 2",
        "    for _ in range(DEPTH):",
        "        layers += [linear(fan_in, WIDTH, gen), make_activation()]",
        "        fan_in = WIDTH",
        "    layers.append(linear(fan_in, 1, gen))",
        "    return nn.Sequential(*layers)",
        "",
        "",
        "nets = {",
        f'    "with {spec.name}": mlp(lambda: {code.expr}),',
        '    "without activation": mlp(nn.Identity),',
        "}",
        "loss_fn = nn.BCEWithLogitsLoss()",
        "for name, net in nets.items():",
        f"    optimizer = {opt}",
        "    for step in range(STEPS):",
        *(
            [
                inline(
                    "        if step in LR_FROM_STEP:",
                    tr(QT_TR_NOOP("the teacher changed the rate here")),
                ),
                "            for group in optimizer.param_groups:",
                '                group["lr"] = LR_FROM_STEP[step]',
            ]
            if len(changes) > 1
            else []
        ),
        "        optimizer.zero_grad(set_to_none=True)",
        "        loss = loss_fn(net(X).squeeze(-1), y)",
        "        loss.backward()",
        "        optimizer.step()",
        "    with torch.no_grad():",
        "        logits = net(X).squeeze(-1)",
        "        loss = loss_fn(logits, y).item()",
        "        accuracy = ((logits > 0) == (y > 0.5)).float().mean().item()",
        '    print(f"{name}: step {STEPS}, loss {loss!r}, accuracy {accuracy!r}")',
        "",
        *comment(
            tr(
                QT_TR_NOOP(
                    "Without activations the whole net is one affine map: "
                    "logit = W_total x + b_total."
                )
            )
        ),
        'linear_net = nets["without activation"]',
        "with torch.no_grad():",
        "    W, b = torch.eye(2, dtype=torch.float64), torch.zeros(2, dtype=torch.float64)",
        "    for layer in linear_net:",
        "        if isinstance(layer, nn.Linear):",
        "            weight, layer_bias = layer.weight.double(), layer.bias.double()",
        "            W, b = weight @ W, weight @ b + layer_bias",
        'print("W_total", W[0].tolist(), "b_total", b[0].item())',
    ]
    return "\n".join(lines) + "\n"


def _schedule(
    schedule: Sequence[tuple[int, float]], steps: int, lr: float
) -> list[tuple[int, float]]:
    """The changes that the first ``steps`` steps used, starting at step 0 (``lr`` if none)."""
    used = [(int(s), float(r)) for s, r in schedule if s < steps]
    if not used or used[0][0] > 0:
        used.insert(0, (0, float(used[0][1] if used else lr)))
    return used


def _lr_lines(changes: list[tuple[int, float]], tr: Tr = str) -> list[str]:
    if len(changes) == 1:
        return [f"LR = {number(changes[0][1])}"]
    pairs = ", ".join(f"{s}: {number(r)}" for s, r in changes)
    note = QT_TR_NOOP("The learning rate was changed during training: first step → rate.")
    return [
        *comment(tr(note)),
        f"LR_FROM_STEP = {{{pairs}}}",
        "LR = LR_FROM_STEP[0]",
    ]


# -- gradients through depth -------------------------------------------------------------------


def depth_script(
    activations: Sequence[tuple[ActivationSpec, Params]],
    layers: int = 30,
    width: int = 64,
    init: str = "kaiming",
    seeds: int = 4,
    batch: int = 32,
    seed: int = 0,
    tr: Tr = str,
) -> str:
    """The depth lab: per layer ‖∂L/∂W_l‖ (mean over seeds) for each activation, and the ratio
    layer 1 / layer N the panel reports; ``tr`` translates the comments."""
    specs = [s for s, _ in activations]
    names = own_class_names(specs)
    codes = [
        activation_code(s, p, class_name=names.get(s.key, "Own"), tr=tr) for s, p in activations
    ]
    classes, _, needs_f = combine(codes)
    init_lines = {
        "default": [
            inline("bound = 1 / math.sqrt(WIDTH)", tr(QT_TR_NOOP("nn.Linear's default init"))),
            "W.uniform_(-bound, bound, generator=gen)",
            "bias.uniform_(-bound, bound, generator=gen)",
        ],
        "xavier": [
            "bound = math.sqrt(6 / (WIDTH + WIDTH))  # nn.init.xavier_uniform_",
            "W.uniform_(-bound, bound, generator=gen)",
        ],
        "kaiming": [
            "W.normal_(0, math.sqrt(2 / WIDTH), generator=gen)  # nn.init.kaiming_normal_",
        ],
    }[init]
    lines = [
        header(
            tr(
                QT_TR_NOOP(
                    "Activation Lab — Gradients through depth: how much gradient reaches each "
                    "layer."
                )
            ),
            tr(
                QT_TR_NOOP(
                    "LAYERS x (Linear + activation) on random inputs, the same weights for every "
                    "activation; the loss sum(r * h_N) / BATCH sends the same gradient into the "
                    "top."
                )
            ),
            tr,
        ),
        "import math",
        "",
        imports(False, needs_f),
        "",
    ]
    for source in classes:
        lines += ["", source]
    lines += [
        f"LAYERS, WIDTH, SEEDS, BATCH, SEED = {layers}, {width}, {seeds}, {batch}, {seed}",
        inline("torch.set_num_threads(1)", tr(QT_TR_NOOP("as the program runs its labs"))),
        "",
        *comment(tr(QT_TR_NOOP("One independent stack per seed, all drawn from one generator."))),
        "gen = torch.Generator().manual_seed(SEED)",
        "W = torch.empty(LAYERS, SEEDS, WIDTH, WIDTH)",
        "bias = torch.zeros(LAYERS, SEEDS, 1, WIDTH)",
        *init_lines,
        "x = torch.randn(SEEDS, BATCH, WIDTH, generator=gen)",
        "r = torch.randn(SEEDS, BATCH, WIDTH, generator=gen)",
        "",
        "activations = {",
        *(f"    {s.name!r}: {c.expr}," for s, c in zip(specs, codes, strict=True)),
        "}",
        "for name, f in activations.items():",
        "    weights = [w.clone().requires_grad_(True) for w in W]",
        "    h = x",
        "    for w, b in zip(weights, bias):",
        inline(
            "        h = f(torch.baddbmm(b, h, w.transpose(1, 2)))",
            tr(QT_TR_NOOP("h @ w.T + b, per seed")),
        ),
        "    loss = (h * r).sum() / BATCH",
        "    grads = torch.autograd.grad(loss, weights)",
        *comment(
            tr(
                QT_TR_NOOP(
                    "Frobenius norm per layer and seed (in float64: tiny gradients underflow "
                    "float32), then the mean over the seeds."
                )
            ),
            "    ",
        ),
        "    norms = [g.double().flatten(1).norm(dim=1).mean().item() for g in grads]",
        "    ratio = norms[0] / norms[-1] if norms[-1] > 0 else float('nan')",
        '    print(f"{name}: layer 1 / layer {LAYERS} = {ratio!r}")',
        '    print("  gradient norm per layer:", norms)',
    ]
    return "\n".join(lines) + "\n"


# -- Softmax -----------------------------------------------------------------------------------


def softmax_script(
    logits: Sequence[float], temperature: float = 1.0, shift: float = 0.0, tr: Tr = str
) -> str:
    """The Softmax lab: probabilities of logits / T, their log, their sum, and the naive
    exp(z) / sum(exp(z)) beside the max-subtracted one in float32 with every logit + shift;
    ``tr`` translates the comments."""
    values = ", ".join(number(v) for v in logits)
    lines = [
        header(
            tr(
                QT_TR_NOOP(
                    "Activation Lab — Softmax lab: probabilities from logits, and why the maximum "
                    "is subtracted before exponentiating."
                )
            ),
            tr=tr,
        ),
        "import torch",
        "",
        f"logits = torch.tensor([{values}], dtype=torch.float64)",
        inline(f"T = {number(temperature)}", tr(QT_TR_NOOP("temperature"))),
        inline(
            f"shift = {number(shift)}",
            tr(QT_TR_NOOP("added to every logit in the overflow experiment")),
        ),
        "",
        "p = torch.softmax(logits / T, dim=0)",
        'print("probabilities", p.tolist())',
        'print("log-probabilities", torch.log_softmax(logits / T, dim=0).tolist())',
        'print("sum", p.sum().item())',
        inline(
            "if len(logits) == 2:",
            tr(QT_TR_NOOP("two classes: Softmax is Sigmoid of the difference")),
        ),
        '    print("sigmoid of the difference", torch.sigmoid((logits[0] - logits[1]) / T).item())',
        "",
        *comment(
            tr(
                QT_TR_NOOP(
                    "In float32, as a network computes: the textbook formula against the stable "
                    "one."
                )
            )
        ),
        "z = (logits.float() + torch.tensor(shift, dtype=torch.float32)) / torch.tensor(",
        "    T, dtype=torch.float32",
        ")",
        "naive = torch.exp(z) / torch.exp(z).sum()",
        "stable = torch.exp(z - z.max()) / torch.exp(z - z.max()).sum()",
        'print("naive ", naive.tolist())',
        'print("stable", stable.tolist())',
    ]
    return "\n".join(lines) + "\n"
