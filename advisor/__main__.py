from __future__ import annotations

from advisor.cli.app import main

main()
