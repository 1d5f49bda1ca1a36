"""The marks advisor writes into an ADR and later recognises when it reads the ADR back."""

from __future__ import annotations

# Everything below this line was generated; the ADR folder uses it to tell a generated ADR
# from one a person wrote, and never overwrites text a person edited.
GENERATED_MARK = "<!-- advisor: generated below; edit freely, advisor never overwrites edits -->"
