"""The network lab's script: the race written out as one plain PyTorch training loop.

Same small CNN, the same start weights for every contestant (drawn once under the lab's seed),
the same batches in the same order (a ``torch.Generator`` seeded like the race's), one batch per
contestant in turn, and the whole test split evaluated at the end of each epoch. It prints
``epoch E KEY loss=L acc=A`` exactly as ``main.py --race`` does. The pixels are scaled as the lab
scales them (uint8 / 127.5 − 1, the same float operations, so the same numbers), straight from
``CIFAR10(...).data`` rather than through ``ToTensor``/``Normalize``, whose rounding differs.
Torch-free: this only writes text.
"""

from __future__ import annotations

from pathlib import Path

from engine.choices import OPTIMIZERS
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
from engine.codegen_images import cifar_parent
from engine.messages import QT_TR_NOOP
from engine.network_config import RaceConfig
from engine.optimizers import optimizer_code

# Sources other than CIFAR-10 the lab may train on (engine.datasets' kinds).
_OTHER_DATA = {
    "samples": QT_TR_NOOP("the built-in sample images"),
    "folder": QT_TR_NOOP("the images of your folder"),
}
EVAL_CHUNK = 64  # as engine.network_race: evaluation in chunks of this many images

_INIT_CODE = {
    "default": ["        layer.reset_parameters()  # {default}"],
    "xavier": [
        "        nn.init.xavier_uniform_(layer.weight)",
        "        nn.init.zeros_(layer.bias)",
    ],
    "kaiming": [
        '        nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")',
        "        nn.init.zeros_(layer.bias)",
    ],
}


def _optimizer(config: RaceConfig) -> str:
    return optimizer_code(config.optimizer, "model.parameters()", number(config.lr))


def network_script(
    config: RaceConfig,
    cifar_root: str | Path | None = None,
    tr: Tr = str,
    data_kind: str = "cifar10",
) -> str:
    """A runnable script for the network lab's set-up ``config``; ``tr`` translates the
    comments. The script reads CIFAR-10: when the lab is on another source (``data_kind``
    "samples" or "folder") it says so at the top, since its numbers will then differ."""
    config = config if config.contestants else RaceConfig()
    names = own_class_names(c.spec for c in config.contestants)
    codes = [
        activation_code(c.spec, c.values(), dim=1, class_name=names.get(c.key, "Own"), tr=tr)
        for c in config.contestants
    ]
    classes, needs_math, _ = combine(codes)
    root = cifar_parent(cifar_root)
    text = tr(
        QT_TR_NOOP(
            "Optimizer: {optimizer}, lr {lr:g}, batch size {batch}, init {init}, seed {seed}. "
            "{images} training images, {epochs} epoch(s), {extra} extra conv layer(s) 32->32. "
            "Prints, per epoch and activation, the mean training loss and the accuracy on the "
            "whole test split, as `main.py --race` prints them; and what the lab draws between: "
            "every EVAL_EVERY batches the accuracy, loss and share of dead units on the test "
            "subset, with each layer's gradient norm at that step."
        )
    ).format(
        optimizer=tr(OPTIMIZERS[config.optimizer]),
        lr=config.lr,
        batch=config.batch_size,
        init=config.init,
        seed=config.seed,
        images=config.train_size,
        epochs=config.epochs,
        extra=config.extra_convs,
    )
    title = QT_TR_NOOP(
        "Activation Lab — Network lab: activations race on the same CNN and the same batches."
    )
    lines = [
        header(tr(title), text, tr),
        "import numpy as np",
        imports(needs_math, True, ["from torchvision.datasets import CIFAR10"]),
        "",
    ]
    for source in classes:
        lines += ["", source]
    if data_kind in _OTHER_DATA:
        note = tr(
            QT_TR_NOOP(
                "NOTE: the lab trains on {source} now, not on CIFAR-10. This script reads "
                "CIFAR-10, so the numbers it prints will differ from the lab's."
            )
        )
        lines += [*comment(note.format(source=tr(_OTHER_DATA[data_kind]))), ""]
    if root is None:
        note = QT_TR_NOOP(
            "Point ROOT at the folder holding cifar-10-batches-py, or let torchvision download "
            "CIFAR-10 (needs the internet)."
        )
        lines += [
            *comment(tr(note)),
            'ROOT = "data"',
            "DOWNLOAD = True",
        ]
    else:
        lines += [
            *comment(tr(QT_TR_NOOP("The folder holding cifar-10-batches-py."))),
            f"ROOT = {root!r}",
            "DOWNLOAD = False",
        ]
    contestants = ",\n".join(
        f"    ({c.key!r}, lambda: {code.expr})"
        for c, code in zip(config.contestants, codes, strict=True)
    )
    lines += [
        f"SEED = {config.seed}",
        f"TRAIN_SIZE = {config.train_size}",
        f"BATCH_SIZE = {config.batch_size}",
        f"EPOCHS = {config.epochs}",
        f"EXTRA_CONVS = {config.extra_convs}",
        inline(
            f"EVAL_EVERY = {config.eval_every}",
            tr(QT_TR_NOOP("training batches between two checks on the test subset")),
        ),
        inline(f"EVAL_IMAGES = {config.eval_images}", tr(QT_TR_NOOP("images in that subset"))),
        "",
        *comment(
            tr(
                QT_TR_NOOP(
                    "Each activation as a constructor: every hidden layer gets its own module (a "
                    "learnable activation such as PReLU learns one slope per layer)."
                )
            )
        ),
        f"CONTESTANTS = [\n{contestants},\n]",
        "",
        "",
        "def pixels(dataset):",
        *docstring(
            tr(
                QT_TR_NOOP(
                    "uint8 images as (N, 3, 32, 32) and their labels, as the lab keeps them."
                )
            ),
            "    ",
        ),
        "    images = torch.from_numpy(dataset.data).permute(0, 3, 1, 2).contiguous()",
        "    return images, torch.tensor(dataset.targets, dtype=torch.long)",
        "",
        "",
        "def to_input(images):",
        *docstring(
            tr(
                QT_TR_NOOP(
                    "uint8 -> float in [-1, 1]: (x / 255 - 0.5) / 0.5, computed as x / 127.5 - 1."
                )
            ),
            "    ",
        ),
        "    return images.float().div_(127.5).sub_(1.0)",
        "",
        "",
        "class LabCNN(nn.Module):",
        *docstring(
            tr(
                QT_TR_NOOP(
                    "conv 3->16 -> f -> pool -> conv 16->32 -> f -> pool -> [conv 32->32 -> f] "
                    "-> linear 2048->64 -> f -> linear 64->10."
                )
            ),
            "    ",
        ),
        "",
        "    def __init__(self, make_act):",
        "        super().__init__()",
        "        convs = [nn.Conv2d(3, 16, 3, padding=1), nn.Conv2d(16, 32, 3, padding=1)]",
        "        convs += [nn.Conv2d(32, 32, 3, padding=1) for _ in range(EXTRA_CONVS)]",
        "        self.convs = nn.ModuleList(convs)",
        "        self.conv_acts = nn.ModuleList(make_act() for _ in convs)",
        "        self.pool = nn.MaxPool2d(2)",
        "        self.fc1 = nn.Linear(32 * 8 * 8, 64)",
        "        self.fc_act = make_act()",
        "        self.fc2 = nn.Linear(64, 10)",
        "        self.to(memory_format=torch.channels_last)",
        "",
        "    def forward(self, x):",
        "        x = x.contiguous(memory_format=torch.channels_last)",
        "        for i, (conv, act) in enumerate(zip(self.convs, self.conv_acts)):",
        "            x = act(conv(x))",
        inline(
            "            if i < 2:",
            tr(QT_TR_NOOP("32x32 -> 16x16 -> 8x8; extra convs work at 8x8")),
        ),
        "                x = self.pool(x)",
        "        return self.fc2(self.fc_act(self.fc1(x.flatten(1))))",
        "",
        "    def weighted_layers(self):",
        "        return [*self.convs, self.fc1, self.fc2]",
        "",
        "    def hidden_acts(self):",
        "        return [*self.conv_acts, self.fc_act]",
        "",
        "",
        "def start_weights():",
        *docstring(
            tr(QT_TR_NOOP("The conv/linear weights every contestant starts from (drawn once).")),
            "    ",
        ),
        "    torch.manual_seed(SEED)",
        "    template = LabCNN(nn.Identity)",
        "    for layer in template.weighted_layers():",
        *(
            ln.format(default=tr(QT_TR_NOOP("PyTorch's own initialisation, drawn again")))
            for ln in _INIT_CODE[config.init]
        ),
        "    return template.state_dict()",
        "",
        "",
        "train_set = CIFAR10(ROOT, train=True, download=DOWNLOAD)",
        "test_set = CIFAR10(ROOT, train=False, download=DOWNLOAD)",
        "train_images, train_labels = pixels(train_set)",
        "train_images, train_labels = train_images[:TRAIN_SIZE], train_labels[:TRAIN_SIZE]",
        "test_images, test_labels = pixels(test_set)",
        "",
        "start = start_weights()",
        "models, optimizers = [], []",
        "for key, make_act in CONTESTANTS:",
        "    model = LabCNN(make_act)",
        *comment(
            tr(
                QT_TR_NOOP(
                    "Same conv/linear weights for all; an activation's own parameters keep theirs."
                )
            ),
            "    ",
        ),
        "    model.load_state_dict(start, strict=False)",
        "    model.train()",
        "    models.append(model)",
        f"    optimizers.append({_optimizer(config)})",
        "loss_fn = nn.CrossEntropyLoss()",
        "",
        inline(
            "batches = torch.Generator().manual_seed(SEED)",
            tr(QT_TR_NOOP("the order of the training images")),
        ),
        inline(
            "torch.manual_seed(SEED)",
            tr(QT_TR_NOOP("random activations (RReLU) draw from the global generator")),
        ),
        "n = len(train_labels)",
        "batches_per_epoch = -(-n // BATCH_SIZE)",
        inline(
            "subset = np.unique(np.linspace(0, len(test_labels) - 1, "
            "min(EVAL_IMAGES, len(test_labels))).round().astype(np.int64))",
            tr(QT_TR_NOOP("evenly spread over the test split")),
        ),
        "subset_images, subset_labels = test_images[subset], test_labels[subset]",
        "",
        "",
        "def evaluate(model, images, labels):",
        *docstring(
            tr(
                QT_TR_NOOP(
                    "Accuracy, mean loss, and per hidden layer the share of dead units: units "
                    "(a conv layer's channels, fc1's neurons) whose output is 0 for every image."
                )
            ),
            "    ",
        ),
        "    outputs = {}",
        "    hooks = [",
        "        act.register_forward_hook(lambda m, i, out, k=k: outputs.__setitem__(k, out))",
        "        for k, act in enumerate(model.hidden_acts())",
        "    ]",
        "    model.eval()",
        "    correct, loss_sum, alive = 0, 0.0, {}",
        "    with torch.no_grad():",
        f"        for s in range(0, len(labels), {EVAL_CHUNK}):",
        f"            x = to_input(images[s : s + {EVAL_CHUNK}])",
        f"            y = labels[s : s + {EVAL_CHUNK}]",
        "            logits = model(x)",
        "            correct += int((logits.argmax(1) == y).sum())",
        '            loss_sum += float(F.cross_entropy(logits, y, reduction="sum"))',
        "            for k, out in outputs.items():",
        "                biggest = out.abs().amax(dim=(0, 2, 3) if out.dim() == 4 else (0,))",
        inline(
            "                now = (biggest > 0) | biggest.isnan()",
            tr(QT_TR_NOOP("NaN is not 0: alive")),
        ),
        "                alive[k] = now if k not in alive else alive[k] | now",
        "    model.train()",
        "    for hook in hooks:",
        "        hook.remove()",
        "    dead = [float((~alive[k]).float().mean()) for k in sorted(alive)]",
        "    return correct / len(labels), loss_sum / len(labels), dead",
        "",
        "",
        "def numbers(values):",
        '    return ",".join(f"{v:.6g}" for v in values)',
        "",
        "",
        "seen = 0",
        "grad_norms = [None] * len(models)",
        "for epoch in range(1, EPOCHS + 1):",
        "    order = torch.randperm(n, generator=batches)",
        "    loss_sums = [0.0] * len(models)",
        "    for b in range(batches_per_epoch):",
        "        idx = order[b * BATCH_SIZE : (b + 1) * BATCH_SIZE]",
        "        x, y = to_input(train_images[idx]), train_labels[idx]",
        "        for i, (model, optimizer) in enumerate(zip(models, optimizers)):",
        *comment(
            tr(QT_TR_NOOP("One batch per contestant in turn: each sees exactly the same images.")),
            "            ",
        ),
        "            optimizer.zero_grad(set_to_none=True)",
        "            loss = loss_fn(model(x), y)",
        "            loss.backward()",
        *comment(
            tr(
                QT_TR_NOOP(
                    "The gradient this batch produced in each layer, before the step: what the "
                    "lab's gradient curves show."
                )
            ),
            "            ",
        ),
        "            grad_norms[i] = ["
        "layer.weight.grad.norm() for layer in model.weighted_layers()]",
        "            optimizer.step()",
        "            loss_sums[i] += loss.item() * len(idx)",
        "        seen += len(idx)",
        "        if (b + 1) % EVAL_EVERY == 0 and b + 1 < batches_per_epoch:",
        "            for i, (model, (key, _)) in enumerate(zip(models, CONTESTANTS)):",
        "                acc, loss, dead = evaluate(model, subset_images, subset_labels)",
        "                print(",
        '                    f"check epoch {epoch} images {seen} {key} acc={acc:.4f} "',
        '                    f"loss={loss:.6g} dead={numbers(dead)} grad={numbers(grad_norms[i])}"',
        "                )",
        "    for i, (model, (key, _)) in enumerate(zip(models, CONTESTANTS)):",
        "        acc, loss, dead = evaluate(model, test_images, test_labels)",
        '        print(f"epoch {epoch} {key} loss={loss_sums[i] / n:.4f} acc={acc:.4f}")',
        '        print(f"  test loss={loss:.6g} dead={numbers(dead)}")',
    ]
    return "\n".join(lines) + "\n"
