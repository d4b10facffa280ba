"""Qt-free computation for Activation Lab.

Importing this package is cheap: modules that need torch import it themselves, so the GUI can
show its first frame before torch is loaded.
"""
