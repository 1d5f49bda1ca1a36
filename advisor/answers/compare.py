"""What `advisor compare` decides: one workload file read and decided on every registered
cloud, each cloud giving its Recommendation or the located reasons it cannot be built there.
The command line and the MCP server both call this, so that they give the same answer."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.answers.paths import STDIN, display_path, is_stdin
from advisor.errors import InputError, InputErrors
from advisor.format.vocabulary import CLOUD_NAMES
from advisor.render.compareview import Compared, OnCloud

if TYPE_CHECKING:
    from advisor.core.provider import Provider
    from advisor.format.vocabulary import Cloud, Vocabulary
    from advisor.format.workload import Workload

Registry = Mapping["Cloud", Callable[[], "Provider"]]


def compare(path: Path, date: dt.date, packs: tuple[Path, ...] = (),
            given: bytes | None = None, registry: Registry | None = None,
            cached: bool = True) -> list[Compared]:
    """Every workload of `path` (`given`: the YAML `-` stands for) on every cloud of
    `registry` (default: the registered providers), in the registry's order. A file that no
    cloud can read is the user's mistake, raised as such; a file that some cloud can read
    makes each other cloud's mistakes the reasons the workload cannot be built there."""
    from advisor.providers import PROVIDERS

    providers = {cloud: make() for cloud, make in (registry or PROVIDERS).items()}
    shown, text = _text(path, given)
    vocabularies: dict[str, Vocabulary] = {c: p.vocabulary for c, p in providers.items()}
    read: dict[Cloud, list[Workload] | InputErrors] = {
        cloud: _read(text, shown, cloud, vocabularies) for cloud in providers}
    good = {c: r for c, r in read.items() if isinstance(r, list)}
    if not good:
        raise _neutral([r for r in read.values() if isinstance(r, InputErrors)])
    names = list(dict.fromkeys(w.name for found in good.values() for w in found))
    starts = _starts(next(iter(good.values())))
    deciders = {cloud: _Decider(p, date, packs, cached) for cloud, p in providers.items()
                if cloud in good}
    out: list[Compared] = []
    for name in names:
        on: list[OnCloud] = []
        for cloud, found in read.items():
            if isinstance(found, InputErrors):
                on.append(OnCloud(cloud, CLOUD_NAMES[cloud], None,
                                  _reasons(found, name, starts, CLOUD_NAMES[cloud])))
            else:
                on.append(deciders[cloud].decide(next(w for w in found if w.name == name)))
        out.append(Compared(name, shown, tuple(on)))
    for decider in deciders.values():
        decider.searches.save()
    return out


class _Decider:
    """One cloud's catalogue and rules, loaded once for every workload of the file."""

    def __init__(self, provider: Provider, date: dt.date, packs: tuple[Path, ...],
                 cached: bool) -> None:
        from advisor.answers.ruleset import builtin_rules
        from advisor.answers.searches import Searches

        self.provider, self.date = provider, date
        self.catalogue = provider.catalogue()
        self.rules = builtin_rules(self.catalogue, packs, provider.vocabulary)
        self.searches = Searches(self.rules, provider.cloud, date, True, enabled=cached)

    def decide(self, workload: Workload) -> OnCloud:
        """The workload decided on this cloud; where no design of it can be built, the
        design's own reasons go with the decision."""
        from advisor.core.recommend import advise

        cloud = self.provider.cloud
        known = self.searches.get(workload)
        try:
            rec = advise(workload, self.rules, self.catalogue, self.date,
                         provider=self.provider, searched=known)
        except (InputError, InputErrors) as exc:
            errors = exc.errors if isinstance(exc, InputErrors) else [exc]
            return OnCloud(cloud, CLOUD_NAMES[cloud], None, tuple(_line(e) for e in errors))
        if known is None:
            self.searches.put(workload, (rec.flips, rec.quota_flips))
        design = rec.chosen.design
        return OnCloud(cloud, CLOUD_NAMES[cloud], rec,
                       () if design.feasible else design.unbuildable)


def _read(text: str, shown: str, cloud: Cloud, vocabularies: Mapping[str, Vocabulary]
          ) -> list[Workload] | InputErrors:
    """The file's workloads read for `cloud`, or every mistake that cloud finds in it."""
    from advisor.format.workload import parse_workloads
    from advisor.format.yamlnodes import parse_yaml

    found: list[InputError] = []
    try:
        return parse_workloads(parse_yaml(text, shown, found), shown, found,
                               vocabularies=vocabularies, cloud=cloud)
    except InputErrors as exc:
        return exc
    except InputError as exc:
        return InputErrors([exc])


def _neutral(failures: list[InputErrors]) -> InputErrors:
    """The mistakes every cloud finds (the file's own, whatever the cloud), else the first
    cloud's: each then reads the file for itself and a reader fixes them first."""
    common = [e for e in failures[0].errors
              if all(any(_same(e, o) for o in f.errors) for f in failures[1:])]
    return InputErrors(common) if common else failures[0]


def _same(a: InputError, b: InputError) -> bool:
    return (a.line, a.column, a.message) == (b.line, b.column, b.message)


def _starts(workloads: list[Workload]) -> dict[str, int]:
    """The line each workload's name is written on: an entry starts at `- name:`."""
    return {w.name: w.position("name").line for w in workloads}


def _belonging(errors: InputErrors, name: str, starts: dict[str, int]) -> list[InputError]:
    """The mistakes of the entry of workload `name`: those from its name's line up to the
    next entry's, and those before every entry (`defaults:`), which every entry inherits.
    A workload named only where the file was read for another cloud has its own lines."""
    if len(starts) < 2 or name not in starts:
        return list(errors.errors)
    first = min(starts.values())
    mine = starts[name]
    after = min((line for line in starts.values() if line > mine), default=sys.maxsize)
    return [e for e in errors.errors if e.line < first or mine <= e.line < after]


def _reasons(errors: InputErrors, name: str, starts: dict[str, int], label: str
             ) -> tuple[str, ...]:
    """Why workload `name` is not decided on a cloud: its own mistakes there; or, where
    only other workloads' entries have some, that the file is read whole."""
    own = _belonging(errors, name, starts)
    if own:
        return tuple(_line(e) for e in own)
    return (f"not decided: the file is read whole, and other workloads of it cannot be "
            f"read for {label}, the first at {errors.errors[0].where}",)


def _line(error: InputError) -> str:
    """A located mistake on one line, its hint after it: one reason of a list."""
    return f"{error.where}: {error.message}" + (f" (hint: {error.hint})" if error.hint else "")


def _text(path: Path, given: bytes | None) -> tuple[str, str]:
    """The file as shown in messages and its text, read once for every cloud."""
    from advisor.format.yamlnodes import MAX_FILE_BYTES, read_text
    from advisor.safeio import decode_utf8

    if not is_stdin(path):
        return display_path(path), read_text(path)
    data = given
    if data is None:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise InputError(STDIN, 0, 0, "standard input is closed",
                             "pipe a workload into advisor, or name its file")
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InputError(STDIN, 0, 0, f"more than {MAX_FILE_BYTES:,} bytes; a workload file "
                         f"may be at most {MAX_FILE_BYTES:,}", "split the workloads over "
                         "several files")
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    return STDIN, decode_utf8(body, Path(STDIN), "workload")
