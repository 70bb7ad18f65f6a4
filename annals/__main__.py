import sys

from annals.cli import main

sys.exit(main())
