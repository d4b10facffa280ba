"""A removed own activation is gone everywhere: every list, the catalogue, and the labs using it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from engine import catalogue
from engine.formula_spec import make_spec


@pytest.fixture(autouse=True)
def forget_own_activations():
    before = dict(catalogue._USER)
    yield
    catalogue._USER.clear()
    catalogue._USER.update(before)


def offered(window, key: str) -> dict[str, bool]:
    """Where ``key`` can be chosen now, list by list."""
    explorer = window.explorer
    xor = window.labs["labs-xor"]
    depth = window.labs["labs-depth"]
    network = window.network
    model = explorer.model

    def in_list(widget) -> bool:
        items = (widget.item(i) for i in range(widget.count()))
        return any(item.data(Qt.ItemDataRole.UserRole) == key for item in items)

    return {
        "explorer": any(e.spec.key == key for e in explorer.state.entries),
        "explorer model": any(
            model.data(model.index(r, 0), model.KeyRole) == key for r in range(model.rowCount())
        ),
        "images": window.images.activation.findData(key) >= 0,
        "xor": xor.activation_combo.findData(key) >= 0,
        "depth": in_list(depth.activation_list),
        "network": in_list(network.activation_list),
        "catalogue": key in [s.key for s in catalogue.all_specs()],
    }


def test_removed_own_activation_leaves_every_list_and_stops_a_race_using_it(qtbot, main_window):
    window = main_window
    qtbot.waitUntil(
        lambda: (
            window.is_settled
            and window.network is not None
            and window.image_state.image_set is not None
        ),
        timeout=60_000,
    )
    spec = make_spec("abs(x) * a + 0.1 * x")
    window.explorer.add_own(spec)
    network = window.network
    qtbot.waitUntil(lambda: all(offered(window, spec.key).values()), timeout=10_000)

    # The XOR lab follows the explorer onto it; the network lab races it against ReLU.
    window.show_panel("labs-xor")
    xor = window.labs["labs-xor"]
    qtbot.waitUntil(lambda: xor.is_settled, timeout=60_000)
    assert xor.config().spec.key == spec.key
    window.show_panel("labs-network")
    network.set_checked([spec.key, "relu"])
    network.seed_spin.setValue(1)
    network.epochs_spin.setValue(50)
    network.start()
    qtbot.waitUntil(lambda: len(network.curves.points) > 2, timeout=60_000)
    assert sorted(network.keys) == sorted([spec.key, "relu"])
    messages: list[str] = []
    network.message.connect(messages.append)

    window.explorer.remove_selected_own()

    assert offered(window, spec.key) == dict.fromkeys(offered(window, spec.key), False)
    with pytest.raises(KeyError):
        catalogue.get(spec.key)
    assert network.state == "stopped"
    assert any("was removed" in m and spec.name in m for m in messages)
    assert "was removed" in network.status.text()
    qtbot.waitUntil(lambda: network.is_settled, timeout=30_000)
    stopped_at = len(network.race.history)
    qtbot.wait(300)
    assert len(network.race.history) == stopped_at  # it trains no further
    assert network.checked_keys() == ["relu"]
    # The labs moved on to the explorer's new selection, and Show code follows.
    assert xor.config().spec.key == window.explorer.state.selected != spec.key
    depth = window.labs["labs-depth"]
    assert spec.key not in depth.checked_keys()
    from engine.codegen_export import script_for
    from gui.code_state import code_state

    state = code_state(window)
    for panel in ("labs-xor", "labs-depth", "labs-network"):
        assert "class Own" not in script_for(panel, state), panel
