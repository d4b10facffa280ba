"""Which panel's script to write for which state: the one entry point of "Show code".

:class:`CodeState` gathers what the panels draw (the GUI fills it from its live state, the
command line from the defaults or a preset); :func:`script_for` writes a panel's script from it;
:func:`export_code` is ``--export-code PANEL FILE``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from engine import choices
from engine.catalogue import ActivationSpec, Params
from engine.codegen_errors import CodeError
from engine.explorer_state import ExplorerState
from engine.messages import QT_TR_NOOP, Message
from engine.network_config import RaceConfig
from engine.softmax_lab import DEFAULT_LOGITS, DEFAULT_SHIFT, DEFAULT_TEMPERATURE
from engine.xor_lab import DEFAULT_LR

CODE_PANELS: tuple[str, ...] = choices.CODE_PANELS


@dataclass
class XorCode:
    spec: ActivationSpec | None = None  # None: the explorer's selected activation
    params: Params | None = None
    dataset: str = "xor"
    width: int = 8
    depth: int = 1
    seed: int = 0
    optimizer: str = "adam"
    lr: float = DEFAULT_LR
    steps: int = 0
    # (first step, learning rate) for each change of the learning rate while training, as the
    # lab recorded them; empty: every step at ``lr``.
    lr_schedule: tuple[tuple[int, float], ...] = ()


@dataclass
class DepthCode:
    activations: list[tuple[ActivationSpec, Params]] | None = None  # None: the lab's defaults
    layers: int = 30
    width: int = 64
    init: str = "kaiming"
    seeds: int = 4
    batch: int = 32
    seed: int = 0


@dataclass
class SoftmaxCode:
    logits: tuple[float, ...] = DEFAULT_LOGITS
    temperature: float = DEFAULT_TEMPERATURE
    shift: float = DEFAULT_SHIFT


@dataclass
class CodeState:
    explorer: ExplorerState = field(default_factory=ExplorerState.default)
    scaling: str = "to_tensor"
    pre: str = "none"
    split: str = "test"
    cifar_root: str | Path | None = None
    xor: XorCode = field(default_factory=XorCode)
    depth: DepthCode = field(default_factory=DepthCode)
    softmax: SoftmaxCode = field(default_factory=SoftmaxCode)
    network: RaceConfig = field(default_factory=RaceConfig)
    data_kind: str = "cifar10"  # the images' source: "cifar10", "samples" or "folder"
    data_folder: str | Path | None = None  # the image folder, for "folder"

    def selected(self) -> tuple[ActivationSpec, Params]:
        entry = self.explorer.entry(self.explorer.selected)
        return entry.spec, dict(entry.params)

    def visible(self) -> list[tuple[ActivationSpec, Params]]:
        return [
            (self.explorer.entry(k).spec, dict(self.explorer.entry(k).params))
            for k in self.explorer.visible_keys()
        ]


def script_for(panel: str, state: CodeState, tr: Callable[[str], str] = str) -> str:
    """The runnable script of ``panel`` for ``state``, its comments translated by ``tr`` (the
    user's language; ``str``: English); CodeError for a panel without one."""
    if panel == "explorer":
        from engine.codegen_explorer import explorer_script

        return explorer_script(state.visible(), state.explorer.x_range, tr)
    if panel == "images":
        from engine.codegen_images import images_script

        spec, params = state.selected()
        split = state.split if state.split in ("test", "train") else "test"
        return images_script(spec, params, state.scaling, state.pre, split, state.cifar_root, tr)
    if panel == "labs-xor":
        from engine.codegen_labs import xor_script

        x = state.xor
        spec, params = (x.spec, dict(x.params or {})) if x.spec else state.selected()
        return xor_script(
            spec,
            params,
            x.dataset,
            x.width,
            x.depth,
            x.seed,
            x.optimizer,
            x.lr,
            x.steps,
            x.lr_schedule,
            tr,
        )
    if panel == "labs-depth":
        from engine.codegen_labs import depth_script
        from engine.depth_lab import DEFAULT_KEYS

        d = state.depth
        acts = d.activations
        if acts is None:  # the lab's default choice, with the explorer's parameters
            entries = [state.explorer.entry(k) for k in DEFAULT_KEYS]
            acts = [(e.spec, dict(e.params)) for e in entries]
        return depth_script(acts, d.layers, d.width, d.init, d.seeds, d.batch, d.seed, tr)
    if panel == "labs-softmax":
        from engine.codegen_labs import softmax_script

        s = state.softmax
        return softmax_script(s.logits, s.temperature, s.shift, tr)
    if panel == "labs-network":
        from engine.codegen_network import network_script

        return network_script(
            state.network, state.cifar_root, tr, state.data_kind, state.data_folder
        )
    raise CodeError(
        Message(
            QT_TR_NOOP("the {panel} panel has no code to show; choose one of: {panels}"),
            panel=panel,
            panels=", ".join(CODE_PANELS),
        )
    )


def state_from_preset(data: dict | None, cifar_root: str | Path | None) -> CodeState:
    """The panels' state at start with a checked preset applied: the explorer and images
    (engine.preset.apply), the labs' section (XOR, depth, Softmax) and the network lab's."""
    from engine.network_config import read_preset_data, read_preset_section
    from engine.preset import apply, labs_of

    state = CodeState(cifar_root=cifar_root)
    if data:
        apply(data, state.explorer)
        section = read_preset_section(data)
        if section is not None:
            state.network = section[1]
            source = read_preset_data(data)
            if source is not None:
                state.data_kind, state.data_folder = source
        images = data.get("images")
        if isinstance(images, dict):
            state.scaling = images.get("scaling", state.scaling)
            state.pre = images.get("pre", state.pre)
            state.split = images.get("split", state.split) or state.split
        _apply_labs(state, labs_of(data, state.explorer))
    return state


def _apply_labs(state: CodeState, labs: dict[str, dict[str, object]]) -> None:
    """A checked ``labs`` section (engine.preset.labs_of) as the labs would show it."""
    explorer = state.explorer
    xor = labs.get("xor", {})
    if xor:
        key = explorer.selected
        if not xor.get("follow", True) and "activation" in xor:
            key = str(xor["activation"])
        entry = explorer.entry(key)
        x = state.xor
        state.xor = XorCode(
            spec=entry.spec,
            params=dict(entry.params),
            dataset=str(xor.get("dataset", x.dataset)),
            width=int(xor.get("width", x.width)),
            depth=int(xor.get("layers", x.depth)),
            seed=int(xor.get("seed", x.seed)),
            optimizer=str(xor.get("optimizer", x.optimizer)),
            lr=float(xor.get("learning_rate", x.lr)),
        )
    depth = labs.get("depth", {})
    if depth:
        d = state.depth
        acts = d.activations
        if "activations" in depth:
            acts = []
            for key in depth["activations"]:
                entry = explorer.entry(key)
                acts.append((entry.spec, dict(entry.params)))
        state.depth = DepthCode(
            activations=acts,
            layers=int(depth.get("layers", d.layers)),
            width=int(depth.get("width", d.width)),
            init=str(depth.get("init", d.init)),
            seeds=int(depth.get("seeds", d.seeds)),
            batch=d.batch,
            seed=d.seed,
        )
    soft = labs.get("softmax", {})
    if soft:
        s = state.softmax
        state.softmax = SoftmaxCode(
            logits=tuple(float(v) for v in soft.get("logits", s.logits)),
            temperature=float(soft.get("temperature", s.temperature)),
            shift=float(soft.get("shift", s.shift)),
        )


def write_script(path: str | os.PathLike[str], text: str) -> None:
    """Write the script atomically, in UTF-8 (it holds names such as β); WriteError if it
    cannot be written."""
    from engine.atomic_file import write_atomic

    write_atomic(path, text.encode("utf-8"))


def export_code(
    panel: str,
    path: str | os.PathLike[str],
    cifar_root: str | None = None,
    preset: str | None = None,
    tr: Callable[[str], str] = str,
) -> tuple[int, Message]:
    """``--export-code``: (exit code, the one line to print, translatable); ``tr`` writes the
    script's comments in the language of ``--lang``."""
    from engine.atomic_file import WriteError
    from engine.preset import PresetError, load_preset

    try:
        data = load_preset(preset) if preset else None
        state = state_from_preset(data, cifar_root)
        write_script(path, script_for(panel, state, tr))
    except (PresetError, CodeError, WriteError) as exc:
        return 2, exc.message
    return 0, Message(QT_TR_NOOP("wrote the {panel} code to {path}"), panel=panel, path=str(path))
