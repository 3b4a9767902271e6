"""The command line: thin click commands over the library; errors are one line on stderr."""

from __future__ import annotations

import os

# The command line is a process of its own: it needs no pydantic plugins, and looking for them
# (importlib.metadata over every installed package) costs more than the rest of the start-up.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from .batch import batch  # noqa: E402
from .blank import questionnaire  # noqa: E402
from .cases import case, cases, grade  # noqa: E402
from .commands import main  # noqa: E402
from .languages import translations  # noqa: E402
from .visits import compare  # noqa: E402
from .whatif import whatif  # noqa: E402

main.add_command(questionnaire)
main.add_command(cases)
main.add_command(case)
main.add_command(grade)
main.add_command(translations)
main.add_command(whatif)
main.add_command(compare)
main.add_command(batch)

__all__ = ["main"]
