"""Start an IPython kernel that dies with the worker that launched it.

The kernel spec of a report run starts this file as a script (it is never
imported). On Linux it asks for SIGKILL when its parent, the worker process,
dies, even by ``kill -9``, and then replaces itself with ``python -m
ipykernel_launcher``: the request survives the exec. Elsewhere ipykernel's own
poller of the parent process (``JPY_PARENT_PID``) stops the kernel.
"""

import contextlib
import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def main(argv: list[str]) -> None:
    if sys.platform.startswith("linux"):
        # No prctl in this libc: ipykernel's poller remains.
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        parent = os.environ.get("JPY_PARENT_PID", "")
        if parent.isdigit() and os.getppid() != int(parent):
            sys.exit(1)  # the worker died before the request took effect
    python = sys.executable
    os.execv(python, [python, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
