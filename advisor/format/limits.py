"""How much one file and one run may hold, so that the work a file asks for stays bounded.

Work per run grows with workloads and listed consumers (a count is one group). A file can
hold tens of thousands of tiny workloads in 1 MiB, so both are capped where a real system is
far below: 1,000 workloads in a file, 20,000 in a run, and 1,000 listed consumers in a
workload, 100,000 in a run (five a workload). `check` costs about a millisecond a workload,
so a run at the caps takes seconds (a repository of 10,000 workloads must pass); `recommend`,
which also searches what would change each answer, several times that.
"""

from __future__ import annotations

MAX_LISTED_CONSUMERS = 1_000
MAX_WORKLOADS_PER_FILE = 1_000
MAX_WORKLOADS_PER_RUN = 20_000
MAX_LISTED_CONSUMERS_PER_RUN = 100_000
# More than the built-in rules (77) and a team pack or two: each waiver names one rule.
MAX_WAIVERS = 300
