"""What the explorer shows: which activations are overlaid, their parameters, the x range.

A small evented model in plain Python; ``gui.activation_model`` adapts it to Qt's model/view.
Every change goes through a method that validates first, so the state only ever holds values
that build a module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from engine import catalogue, curve_style
from engine.catalogue import ActivationSpec
from engine.params import ParamValue
from engine.ranges import DEFAULT_RANGE, check_range

# The palette moved to engine.curve_style with the fixed looks; kept here for the labs' bars.
PALETTE = curve_style.PALETTE

Listener = Callable[[str, str], None]  # (what changed, activation key or "")


@dataclass
class Entry:
    spec: ActivationSpec
    params: dict[str, ParamValue]
    checked: bool = False

    @property
    def colour(self) -> str:
        """Fixed per activation (``engine.curve_style``), never by the order of ticking."""
        return curve_style.style_for(self.spec.key).colour


@dataclass
class ExplorerState:
    entries: list[Entry] = field(default_factory=list)
    selected: str = "relu"
    x_range: tuple[float, float] = DEFAULT_RANGE
    _listeners: list[Listener] = field(default_factory=list, repr=False)

    @classmethod
    def default(cls, checked: tuple[str, ...] = ("relu", "sigmoid", "tanh")) -> ExplorerState:
        state = cls([Entry(spec, spec.defaults()) for spec in catalogue.CATALOGUE])
        for key in checked:
            state.set_checked(key, True)
        return state

    # -- observers -------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Forget a listener (a view being rebuilt); unknown listeners are ignored."""
        self._listeners[:] = [x for x in self._listeners if x != listener]

    def _emit(self, what: str, key: str = "") -> None:
        for listener in list(self._listeners):
            listener(what, key)

    # -- queries ---------------------------------------------------------------------------
    def index(self, key: str) -> int:
        for i, e in enumerate(self.entries):
            if e.spec.key == key:
                return i
        raise KeyError(key)

    def entry(self, key: str) -> Entry:
        return self.entries[self.index(key)]

    def visible_keys(self) -> list[str]:
        """Curves to draw: the checked activations plus the selected one, in catalogue order."""
        return [e.spec.key for e in self.entries if e.checked or e.spec.key == self.selected]

    # -- changes ---------------------------------------------------------------------------
    def set_params(self, key: str, values: dict[str, ParamValue]) -> str | None:
        """Apply new parameter values, or return why they are refused (state unchanged)."""
        entry = self.entry(key)
        merged = {**entry.params, **values}
        reason = entry.spec.validate(merged)
        if reason:
            return reason
        if merged != entry.params:
            entry.params = merged
            self._emit("params", key)
        return None

    def add_activation(
        self, spec: ActivationSpec, params: dict[str, ParamValue] | None = None
    ) -> str:
        """Add a student's own activation (``spec.user_defined``) and show it: checked and
        selected. The same formula again replaces its entry (new slider ranges), keeping the
        parameter values that still fit. Returns the key. Registers the spec in the catalogue so
        the labs and the image pipeline can look it up.

        Listeners hear "adding" (row about to appear; a Qt model calls beginInsertRows) and then
        "added", or "replaced" for an existing entry.
        """
        if not spec.user_defined:
            raise ValueError(f"{spec.key} is not an own activation")
        catalogue.register(spec)
        values = spec.defaults()
        if params:
            values.update({k: v for k, v in params.items() if k in values})
        if spec.validate(values) is not None:
            values = spec.defaults()
        try:
            entry = self.entry(spec.key)
        except KeyError:
            entry = None
        if entry is not None:
            kept = {k: v for k, v in entry.params.items() if k in values}
            merged = {**values, **kept}
            entry.spec = spec
            entry.params = merged if spec.validate(merged) is None else values
            self._emit("replaced", spec.key)
        else:
            self._emit("adding", spec.key)
            # Its look comes from curve_style, derived from the key (stable across runs).
            self.entries.append(Entry(spec, values))
            self._emit("added", spec.key)
        self.set_checked(spec.key, True)
        self.select(spec.key)
        return spec.key

    def remove_activation(self, key: str) -> None:
        """Remove an own activation (built-in ones stay); the selection moves to the one above.
        It leaves the catalogue's registry too, so no list (labs, network race) offers it.

        Listeners hear "removing" (a Qt model calls beginRemoveRows) and then "removed"."""
        index = self.index(key)
        if not self.entries[index].spec.user_defined:
            raise ValueError(f"{key} is a built-in activation")
        if self.selected == key:
            self.select(self.entries[index - 1].spec.key)
        self._emit("removing", key)
        del self.entries[index]
        catalogue.unregister(key)
        self._emit("removed", key)

    def own_entries(self) -> list[Entry]:
        return [e for e in self.entries if e.spec.user_defined]

    def reset_params(self, key: str) -> None:
        self.set_params(key, self.entry(key).spec.defaults())

    def set_checked(self, key: str, checked: bool) -> None:
        entry = self.entry(key)
        if entry.checked == checked:
            return
        entry.checked = checked
        self._emit("checked", key)

    def select(self, key: str) -> None:
        self.entry(key)  # raises KeyError for unknown keys
        if key != self.selected:
            previous, self.selected = self.selected, key
            self._emit("selected", previous)
            self._emit("selected", key)

    def set_x_range(self, x_min: float, x_max: float) -> str | None:
        reason = check_range(x_min, x_max)
        if reason:
            return reason
        if (x_min, x_max) != self.x_range:
            self.x_range = (float(x_min), float(x_max))
            self._emit("range")
        return None
