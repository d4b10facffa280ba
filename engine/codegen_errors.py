"""The one error of code generation, below every codegen module so none imports another's."""

from __future__ import annotations

from engine.errors import EngineError


class CodeError(EngineError, ValueError):
    """A panel without a script, or a script that cannot be written; ``message`` says why."""
