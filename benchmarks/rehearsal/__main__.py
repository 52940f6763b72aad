"""`python -m benchmarks.rehearsal`: see run.py."""

import sys

from benchmarks.rehearsal.run import main

sys.exit(main())
