"""The ADR folder: numbering, locks, atomic writes, front matter, lifecycle, the index.

Reading: names (which files are ADRs), doc (an ADR as read), frontmatter (parsing it),
reading (the folder, bounded), links (references between ADRs). Writing: atomic (files
never half-written), output (reports, devices and FIFOs too), locks (one run at a time).
Over time: provenance, status, supersede, refresh, index, renumber. `folder` (which also
numbers new ADRs) and `lifecycle` are the faces the rest of advisor imports; only they
import the others wholesale, and no module of the wing imports a face.
"""
