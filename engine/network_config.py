"""The network lab's vocabulary and set-up, torch-free: the GUI builds its controls from here
before torch has loaded, and presets, weights files and the command line share these definitions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from engine import catalogue
from engine.choices import INITIALISATIONS, OPTIMIZERS
from engine.messages import QT_TR_NOOP, Message
from engine.params import ParamValue

TRAIN_SIZES: tuple[int, ...] = (5000, 10000, 50000)
BATCH_SIZES: tuple[int, ...] = (32, 64, 128, 256)
MAX_CONTESTANTS = 6
MAX_EXTRA_CONVS = 6
LR_RANGE = (1e-5, 10.0)


@dataclass(frozen=True)
class Contestant:
    """One activation of the catalogue with its parameter values."""

    key: str
    params: tuple[tuple[str, ParamValue], ...] = ()

    @classmethod
    def of(cls, key: str, params: Mapping[str, ParamValue] | None = None) -> Contestant:
        return cls(key, tuple(sorted((params or {}).items())))

    @property
    def spec(self) -> catalogue.ActivationSpec:
        return catalogue.get(self.key)

    def values(self, spec: catalogue.ActivationSpec | None = None) -> dict[str, ParamValue]:
        """The parameter values: the spec's defaults (``spec``, or the catalogue's), ours over."""
        return {**(spec or self.spec).defaults(), **dict(self.params)}

    def label(self) -> str:
        """The name with the parameter values, as in every legend (``LeakyReLU α=0.2``)."""
        from engine.curve_style import curve_label

        return curve_label(self.spec, self.values())


@dataclass(frozen=True)
class RaceConfig:
    contestants: tuple[Contestant, ...] = (
        Contestant("relu"),
        Contestant("sigmoid"),
        Contestant("tanh"),
    )
    optimizer: str = "sgd"
    lr: float = 0.05
    batch_size: int = 64
    init: str = "default"
    seed: int = 0
    train_size: int = 10000
    epochs: int = 2
    extra_convs: int = 0  # conv 32→32 layers added after the second pool: a deeper net
    eval_every: int = 50  # training batches between two evaluations on the test subset
    eval_images: int = 400  # the fixed test subset (the "evaluation batch")

    def problem(self, own: Mapping[str, catalogue.ActivationSpec] | None = None) -> Message | None:
        """Why this race cannot run, or None. ``own``: own activations not (yet) registered in
        the catalogue, by key (those an opened race file brings)."""
        if not 1 <= len(self.contestants) <= MAX_CONTESTANTS:
            return Message(QT_TR_NOOP("Choose between 1 and {n} activations."), n=MAX_CONTESTANTS)
        for c in self.contestants:
            try:
                spec = (own or {}).get(c.key) or c.spec
            except KeyError:
                return Message(QT_TR_NOOP("unknown activation '{key}'"), key=c.key)
            if not spec.elementwise:
                return Message(
                    QT_TR_NOOP(
                        "{name} acts on a whole vector, not on each unit: it belongs after the "
                        "last layer, not in a hidden layer"
                    ),
                    name=spec.name,
                )
            reason = spec.validate(c.values(spec))
            if reason:
                return Message(QT_TR_NOOP("{name}: {reason}"), name=spec.name, reason=reason)
        if self.optimizer not in OPTIMIZERS:
            return Message(QT_TR_NOOP("unknown optimizer '{key}'"), key=self.optimizer)
        if self.init not in INITIALISATIONS:
            return Message(QT_TR_NOOP("unknown initialisation '{key}'"), key=self.init)
        if not LR_RANGE[0] <= self.lr <= LR_RANGE[1]:
            return Message(
                QT_TR_NOOP("The learning rate must be between {lo:g} and {hi:g}."),
                lo=LR_RANGE[0],
                hi=LR_RANGE[1],
            )
        for name, value, lo, hi in (
            ("batch_size", self.batch_size, 1, 4096),
            ("train_size", self.train_size, 1, 10**6),
            ("epochs", self.epochs, 1, 1000),
            ("extra_convs", self.extra_convs, 0, MAX_EXTRA_CONVS),
            ("eval_every", self.eval_every, 1, 10**6),
            ("eval_images", self.eval_images, 1, 10**6),
        ):
            if not isinstance(value, int) or not lo <= value <= hi:
                return Message(
                    QT_TR_NOOP("{name} must be a whole number from {lo} to {hi}"),
                    name=name,
                    lo=lo,
                    hi=hi,
                )
        return None

    def to_dict(self) -> dict:
        """Plain JSON-able data (presets, the weights file)."""
        out = asdict(self)
        out["contestants"] = [{"key": c.key, "params": dict(c.params)} for c in self.contestants]
        return out

    @classmethod
    def from_dict(cls, data: Mapping) -> RaceConfig:
        """The inverse of :meth:`to_dict`; raises ValueError/TypeError/KeyError on bad data
        (the caller turns those into its own message), then call :meth:`problem`."""
        if not isinstance(data, Mapping):
            raise TypeError("not a mapping")
        known = {f for f in cls.__dataclass_fields__ if f != "contestants"}
        unknown = set(data) - known - {"contestants"}
        if unknown:
            raise KeyError(f"unknown fields: {sorted(unknown)}")
        contestants = []
        for item in data.get("contestants", ()):
            params = item.get("params", {})
            if not isinstance(item.get("key"), str) or not isinstance(params, Mapping):
                raise TypeError("bad contestant")
            contestants.append(Contestant.of(item["key"], params))
        values = {k: data[k] for k in known if k in data}
        for k in values:
            expected = type(getattr(cls(), k))
            if expected is float and isinstance(values[k], int) and not isinstance(values[k], bool):
                values[k] = float(values[k])
            if type(values[k]) is not expected:
                raise TypeError(f"{k} must be {expected.__name__}")
        return cls(contestants=tuple(contestants), **values)


# The two ready set-ups of the issue, plus the lesson's default race.
SETUPS: dict[str, tuple[str, RaceConfig]] = {
    "lesson": (QT_TR_NOOP("The lesson: ReLU, Sigmoid, Tanh"), RaceConfig()),
    "dying_relu": (
        QT_TR_NOOP("Dying ReLU: a large learning rate"),
        RaceConfig(
            contestants=(Contestant("relu"), Contestant.of("leaky_relu", {"negative_slope": 0.1})),
            optimizer="sgd_momentum",
            lr=0.3,
        ),
    ),
    "deep_sigmoid": (
        QT_TR_NOOP("Sigmoid in a deeper net"),
        # Kaiming and momentum give ReLU and Tanh a fair start in 6 conv layers; Sigmoid's
        # gradient still fades on its way down (see the gradient-norm curve of conv1).
        RaceConfig(extra_convs=4, optimizer="sgd_momentum", lr=0.01, init="kaiming"),
    ),
}


@dataclass(frozen=True)
class StepPoint:
    """One training step of one contestant."""

    contestant: int
    images: int  # training images this contestant has seen, this step included
    loss: float
    grad_norms: tuple[float, ...]  # ‖∂L/∂W‖ per weighted layer, input side first


@dataclass(frozen=True)
class EvalPoint:
    """One evaluation of one contestant on the test subset (or the whole test split)."""

    contestant: int
    images: int
    epoch: int
    accuracy: float
    loss: float
    dead: tuple[float, ...]  # per hidden layer: share of units 0 for every evaluated image
    full: bool  # the whole test split at the end of an epoch
    train_loss: float = float("nan")  # mean training loss of the epoch (full evaluations)


Point = StepPoint | EvalPoint


# -- presets and lesson steps ------------------------------------------------------------------
PRESET_KEY = "network"  # a top-level field of a preset (engine.preset keeps unknown ones)


DATA_KINDS = ("cifar10", "samples", "folder")  # engine.datasets' kinds of image source
MAX_FOLDER_CHARS = 4096


def preset_section(
    setup: str | None, config: RaceConfig, data: tuple[str, str | None] | None = None
) -> dict:
    """The network lab's part of a preset: the ready set-up chosen and the race's set-up, and
    optionally the images it trains on, ``(kind, folder)`` ("samples" or "folder" and its
    path; CIFAR-10 is found by ``--cifar-root`` or the program's own places)."""
    section: dict = {"setup": setup, "race": config.to_dict()}
    if data is not None:
        kind, folder = data
        section["data"] = {"kind": kind, **({"folder": str(folder)} if kind == "folder" else {})}
    return section


def _data_of(section: Mapping) -> tuple[str, str | None] | None:
    """The section's ``data`` field checked: ValueError/TypeError on a bad one."""
    if "data" not in section:
        return None
    data = section["data"]
    if not isinstance(data, Mapping) or data.get("kind") not in DATA_KINDS:
        raise ValueError(f"data must be {{kind: {' | '.join(DATA_KINDS)}}}")
    kind = data["kind"]
    if kind != "folder":
        if set(data) != {"kind"}:
            raise ValueError(f"data of kind {kind} has no other fields")
        return kind, None
    folder = data.get("folder")
    if set(data) != {"kind", "folder"} or not isinstance(folder, str):
        raise TypeError("a folder source needs its folder as text")
    if not 0 < len(folder) <= MAX_FOLDER_CHARS or "\0" in folder:
        raise ValueError("the folder is empty, too long or holds a NUL character")
    return kind, folder


def read_preset_data(data: Mapping) -> tuple[str, str | None] | None:
    """The images the preset's network lab trains on, ``(kind, folder or None)``, or None
    when it does not say; call after :func:`read_preset_section` has checked the section."""
    section = data.get(PRESET_KEY)
    return _data_of(section) if isinstance(section, Mapping) else None


def read_preset_section(data: Mapping) -> tuple[str | None, RaceConfig] | None:
    """The network lab's part of a preset document, checked; None if it has none.

    Raises :class:`engine.preset.PresetError` with the reason, before anything is applied.
    """
    from engine.preset import PresetError

    if PRESET_KEY not in data:
        return None
    section = data[PRESET_KEY]
    try:
        if not isinstance(section, Mapping) or set(section) - {"setup", "race", "data"}:
            raise TypeError("expected {setup, race, data}")
        setup = section.get("setup")
        if setup is not None and setup not in SETUPS:
            raise ValueError(f"unknown set-up {setup!r}")
        config = RaceConfig.from_dict(section["race"])
        _data_of(section)
    except (KeyError, TypeError, ValueError) as exc:
        raise PresetError(
            Message(QT_TR_NOOP('the "network" section is not valid: {detail}'), detail=str(exc))
        ) from None
    problem = config.problem()
    if problem and config.contestants:  # no activation ticked is a state, not an error
        raise PresetError(
            Message(QT_TR_NOOP('the "network" section is not valid: {detail}'), detail=problem)
        )
    return setup, config
