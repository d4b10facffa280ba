from __future__ import annotations

import math

from engine import catalogue
from engine.explorer_state import ExplorerState


def test_default_state_overlays_three_with_distinct_colours():
    state = ExplorerState.default()
    assert state.visible_keys() == ["relu", "sigmoid", "tanh"]
    colours = [state.entry(k).colour for k in state.visible_keys()]
    assert len(set(colours)) == 3
    assert len(state.entries) == len(catalogue.CATALOGUE)


def test_a_colour_belongs_to_the_activation_not_to_the_order_of_ticking():
    """The issue's case: Sigmoid must not change colour when a preset ticks curves in another
    order or when a curve is selected."""
    first = ExplorerState.default(checked=("sigmoid", "swish"))
    second = ExplorerState.default(checked=("swish", "leaky_relu", "sigmoid"))
    second.select("sigmoid")
    second.set_checked("relu", False)
    for spec in catalogue.CATALOGUE:
        assert first.entry(spec.key).colour == second.entry(spec.key).colour
    assert first.entry("sigmoid").colour != first.entry("swish").colour


def test_refused_parameters_leave_the_state_unchanged_and_say_why():
    state = ExplorerState.default()
    events = []
    state.subscribe(lambda what, key: events.append((what, key)))
    assert state.set_params("hardtanh", {"min_val": 2.0}) is not None
    assert state.entry("hardtanh").params == {"min_val": -1.0, "max_val": 1.0}
    assert state.set_params("leaky_relu", {"negative_slope": math.nan}) == (
        "Negative slope cannot be NaN"
    )
    assert events == []
    assert state.set_params("leaky_relu", {"negative_slope": 0.2}) is None
    assert state.entry("leaky_relu").params == {"negative_slope": 0.2}
    assert events == [("params", "leaky_relu")]


def test_selection_and_range():
    state = ExplorerState.default(checked=())
    state.select("elu")
    assert state.visible_keys() == ["elu"]
    assert state.set_x_range(3.0, -3.0) is not None
    assert state.x_range == (-6.0, 6.0)
    assert state.set_x_range(-2.0, 2.0) is None
    assert state.x_range == (-2.0, 2.0)
