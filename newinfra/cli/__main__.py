"""``python -m newinfra.cli``: the ``newinfra`` command."""

import sys

from newinfra.cli import main

sys.exit(main())
