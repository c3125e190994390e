import os
import sys

from .cli import main

try:
    sys.exit(main())
except BrokenPipeError:
    # The reader of our output went away (``| head``): not an error worth a traceback.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
