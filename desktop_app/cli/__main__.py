"""`python -m desktop_app.cli`: the same as `shop-sync`."""

import sys

from desktop_app.cli.entry import main

sys.exit(main())
