"""The image browser's script: the lesson's CIFAR-10 loop with the browser's current settings.

``CIFAR10(root, train=False, transform=…)`` with the current scaling, the pre-activation stage as
an ``nn.Conv2d`` with its fixed kernel, the activation module, ``DataLoader(batch_size=64)``, the
value ranges before and after the activation printed per channel (what the browser's whole-split
statistics show), and ``SummaryWriter.add_images`` as the lesson does — skipped with a clear
message when tensorboard is not installed.
"""

from __future__ import annotations

from pathlib import Path

from engine.catalogue import ActivationSpec, Params
from engine.codegen import Tr, activation_code, combine, comment, header, imports, inline, number
from engine.messages import QT_TR_NOOP
from engine.pipeline import _NORMALIZE, PRE_KERNELS

SCALING_DOC = {
    "to_tensor": QT_TR_NOOP("ToTensor(): pixels in [0, 1], as in the lesson"),
    "normalize_half": QT_TR_NOOP("ToTensor() then Normalize(0.5, 0.5): pixels in [-1, 1]"),
    "standardize": QT_TR_NOOP("ToTensor() then Normalize with CIFAR-10's mean and std"),
}


def cifar_parent(root: str | Path | None) -> str | None:
    """The folder torchvision's CIFAR10 wants: the one *holding* cifar-10-batches-py."""
    if root is None:
        return None
    path = Path(root).expanduser().resolve()
    return str(path.parent if path.name == "cifar-10-batches-py" else path)


def _transform(scaling: str) -> str:
    norm = _NORMALIZE[scaling]
    if norm is None:
        return "transforms.ToTensor()"
    mean = ", ".join(number(v) for v in norm[0])
    std = ", ".join(number(v) for v in norm[1])
    return (
        "transforms.Compose(\n"
        "    [transforms.ToTensor(), "
        f"transforms.Normalize(mean=({mean}), std=({std}))]\n)"
    )


def images_script(
    spec: ActivationSpec,
    params: Params,
    scaling: str = "to_tensor",
    pre: str = "none",
    split: str = "test",
    cifar_root: str | Path | None = None,
    tr: Tr = str,
) -> str:
    """A runnable script for the image browser's state (``split`` "test" or "train");
    ``tr`` translates its comments."""
    code = activation_code(spec, params, dim=1, tr=tr)
    classes, needs_math, needs_f = combine([code])
    root = cifar_parent(cifar_root)
    title = tr(QT_TR_NOOP("Activation Lab — Images: CIFAR-10 through {name}, as in the lesson."))
    text = tr(
        QT_TR_NOOP(
            "Scaling: {scaling}. Prints the range of values before and after the activation, "
            "per channel, and logs the images to TensorBoard with add_images (if it is "
            "installed)."
        )
    )
    lines = [
        header(title.format(name=spec.name), text.format(scaling=tr(SCALING_DOC[scaling])), tr),
        imports(
            needs_math,
            needs_f,
            [
                "from torch.utils.data import DataLoader",
                "from torchvision import transforms",
                "from torchvision.datasets import CIFAR10",
            ],
        ),
        "",
    ]
    for source in classes:
        lines += ["", source]
    if root is None:
        note = QT_TR_NOOP(
            "The program showed its own sample images: point ROOT at the folder holding "
            "cifar-10-batches-py, or let torchvision download CIFAR-10 (needs the internet)."
        )
        lines += [
            *comment(tr(note)),
            'ROOT = "data"',
            "DOWNLOAD = True",
        ]
    else:
        lines += [
            *comment(
                tr(QT_TR_NOOP("The folder holding cifar-10-batches-py (the one the program read)."))
            ),
            f"ROOT = {root!r}",
            "DOWNLOAD = False",
        ]
    lines += [
        "",
        f"transform = {_transform(scaling)}",
        f"dataset = CIFAR10(ROOT, train={split == 'train'}, transform=transform, "
        "download=DOWNLOAD)",
        "loader = DataLoader(dataset, batch_size=64)",
        "",
    ]
    if pre != "none":
        kernel = PRE_KERNELS[pre]
        rows = ",\n".join("    [" + ", ".join(number(w) for w in row) + "]" for row in kernel)
        note = tr(
            QT_TR_NOOP(
                'The "{pre}" stage: one fixed 3x3 kernel applied to each channel on its own '
                "(groups=3), with reflect padding so the border is not an edge against black."
            )
        )
        lines += [
            *comment(note.format(pre=pre)),
            'pre = nn.Conv2d(3, 3, kernel_size=3, padding=1, padding_mode="reflect", groups=3, '
            "bias=False)",
            f"kernel = torch.tensor([\n{rows},\n])",
            "with torch.no_grad():",
            "    pre.weight.copy_(kernel.expand(3, 1, 3, 3))",
        ]
    else:
        note = QT_TR_NOOP("no stage before the activation, as in the lesson")
        lines.append(inline("pre = nn.Identity()", tr(note)))
    lines += [
        f"activation = {code.expr}",
        "",
        "try:",
        "    from torch.utils.tensorboard import SummaryWriter",
        "except ImportError:",
        "    SummaryWriter = None",
        "    print(",
        '        "tensorboard is not installed, so no images are logged "',
        '        "(install it with: pip install tensorboard); the value ranges follow."',
        "    )",
        'writer = SummaryWriter("logs") if SummaryWriter else None',
        "",
        *comment(
            tr(QT_TR_NOOP("Per channel (red, green, blue): the smallest and largest value seen."))
        ),
        'lo_before = torch.full((3,), float("inf"))',
        'hi_before = torch.full((3,), float("-inf"))',
        "lo_after, hi_after = lo_before.clone(), hi_before.clone()",
        "step = 0",
        "with torch.no_grad():",
        "    for images, labels in loader:",
        inline("        x = pre(images)", tr(QT_TR_NOOP("what the activation receives"))),
        "        y = activation(x)",
        "        lo_before = torch.minimum(lo_before, x.amin(dim=(0, 2, 3)))",
        "        hi_before = torch.maximum(hi_before, x.amax(dim=(0, 2, 3)))",
        "        lo_after = torch.minimum(lo_after, y.amin(dim=(0, 2, 3)))",
        "        hi_after = torch.maximum(hi_after, y.amax(dim=(0, 2, 3)))",
        "        if writer:",
        '            writer.add_images("input", images, step)',
        '            writer.add_images("output", y, step)',
        "        step += 1",
        "if writer:",
        "    writer.close()",
        "",
        'print(f"{len(dataset)} images, {step} batches of up to 64")',
        'print("before min", lo_before.tolist(), "max", hi_before.tolist())',
        'print("after  min", lo_after.tolist(), "max", hi_after.tolist())',
    ]
    return "\n".join(lines) + "\n"
