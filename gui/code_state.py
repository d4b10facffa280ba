"""What "Show code" needs from the live window: the state each panel draws, as a CodeState.

Read-only: it asks the panels for the values their own controls hold (the configuration a lab
would start from, the step it is at), so the script is the program's computation of the moment.
"""

from __future__ import annotations

from engine.codegen_export import CodeState, DepthCode, SoftmaxCode, XorCode
from gui.labs.base import snapped


def code_state(window) -> CodeState:
    """The panels' current state; panels not built yet contribute their defaults."""
    state = CodeState(explorer=window.explorer_state)
    images = getattr(window, "images", None)
    browser = getattr(images, "state", None)
    if browser is not None:
        state.scaling = browser.settings.scaling
        state.pre = browser.settings.pre
        state.split = browser.split or "test"
        image_set = browser.image_set
        if image_set is not None:
            state.data_kind = getattr(image_set, "kind", "cifar10")
            if state.data_kind == "cifar10":
                state.cifar_root = image_set.root
            elif state.data_kind == "folder":
                state.data_folder = image_set.root
    labs = getattr(window, "labs", {})
    xor = labs.get("labs-xor")
    if xor is not None and hasattr(xor, "config"):
        config = xor.config()
        frame = getattr(xor, "frame", None)
        state.xor = XorCode(
            spec=config.spec,
            params=dict(config.params),
            dataset=config.dataset,
            width=config.width,
            depth=config.depth,
            seed=config.seed,
            optimizer=config.optimizer,
            lr=snapped(xor.lr_slider),  # as the next training step will use it
            steps=frame.step if frame is not None else 0,
            lr_schedule=frame.lr_schedule if frame is not None else (),
        )
    depth = labs.get("labs-depth")
    if depth is not None and hasattr(depth, "config"):
        config = depth.config()
        explorer = window.explorer_state
        acts = []
        for key in depth.checked_keys():
            try:
                entry = explorer.entry(key)
            except KeyError:
                continue
            acts.append((entry.spec, dict(entry.params)))
        state.depth = DepthCode(
            activations=acts,
            layers=config.layers,
            width=config.width,
            init=config.init,
            seeds=config.seeds,
            batch=config.batch,
            seed=config.seed,
        )
    softmax = labs.get("labs-softmax")
    if softmax is not None and hasattr(softmax, "logit_sliders"):
        state.softmax = SoftmaxCode(
            logits=tuple(float(s.value()) for s in softmax.logit_sliders),
            temperature=float(softmax.temperature.value()),
            shift=float(softmax.shift.value()),
        )
    network = getattr(window, "network", None)  # the network lab lives outside window.labs
    if network is not None and hasattr(network, "config"):
        state.network = network.config()
    return state
