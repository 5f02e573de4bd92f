"""Back-of-book index of a French book: sort order, page ranges, entries and automatic matching.

Only the pure algorithms live here — no file, no markdown, no layout. The build feeds them the marks
found in the manuscript, the parsed ``assets/index.yaml`` and, after the first PDF pass, the page of
every anchor; it then renders the entries as it likes (PDF, site). Keeping them pure makes the index
deterministic (the same book always gives the same index, byte for byte) and testable on plain values.

Terms file (``assets/index.yaml``), a YAML list::

    - entry: Compte clé                      # heading as printed
      match: [compte clé, comptes clés]      # forms found automatically in the text
      sub:                                   # sub-entries, same shape, one level only
        - entry: sélection
          match: [sélection des comptes clés]
      see_also: [Key Account Management]     # « voir aussi »
    - entry: Grands comptes
      see: Compte clé                        # « voir »: no page of its own
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from ..model import IndexEntry, Locator
from ..text.collation import letter_of, primary, sort_key
from ..text.folding import APOSTROPHES, HYPHENS, fold_char

# ---------------------------------------------------------------------------------------------------
# Entry identity (the French order itself is the floor's: kambook.text.collation)
# ---------------------------------------------------------------------------------------------------


def _identity(heading: str) -> tuple:
    """What two headings must share to be the same entry: the first sort level (case, accents and
    punctuation ignored), so « compte clé », « Compte cle » and « compte-clé » merge."""
    return primary(heading) or ((2, heading),)


def _clean(heading: str) -> str:
    """Heading with its spaces collapsed, as YAML and markdown may leave line breaks or doubles."""
    return " ".join(heading.split())


# ---------------------------------------------------------------------------------------------------
# Page ranges
# ---------------------------------------------------------------------------------------------------

ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", re.IGNORECASE)
ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}


def _numbering(label: str) -> tuple[str, int] | None:
    """(style, value) of a printed page label, or None when it follows no numbering we can count on.

    Runs are merged only inside one style and when the values follow, so front matter « iv-vi » is
    merged but « vi, 1 » (roman to arabic) or a numbering restarting at 1 never is.
    """
    if label.isdecimal():
        return "arabic", int(label)
    if label and ROMAN.fullmatch(label) and (label.islower() or label.isupper()):
        values = [ROMAN_VALUES[c] for c in label.upper()]
        total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
        return ("roman" if label.islower() else "ROMAN"), total
    return None


def merge_pages(pages: Iterable[int], labels: Sequence[str] | None = None, *, dash: str = "-") -> list[str]:
    """Printed locators of an entry: pages sorted, repeated ones dropped, runs merged.

    Without ``labels`` the pages are printed numbers: [12, 13, 14, 20] → ["12-14", "20"], and two
    consecutive pages also make a range (« 12-13 »). With ``labels`` the pages are physical page
    indices (0-based, as the layout counts them) and ``labels[i]`` is what is printed on page i; runs
    are then found on the indices but printed with the labels, and never across a change of
    numbering style. ``dash`` lets the renderer choose an en dash for print.
    """
    given = list(pages)
    for page in given:
        if isinstance(page, bool) or not isinstance(page, int):
            raise ValueError(f"page {page!r} is not a page number (was the layout done?)")
    indices = sorted(set(given))

    def label(page: int) -> str:
        if labels is None:
            return str(page)
        if not 0 <= page < len(labels):
            raise ValueError(f"page index {page} is outside the {len(labels)} pages laid out")
        if not labels[page].strip():
            raise ValueError(f"page index {page} has no printed label; give unnumbered pages their implicit number")
        return labels[page]

    def follows(previous: int, page: int) -> bool:
        if page != previous + 1:
            return False
        if labels is None:
            return True
        before, after = _numbering(label(previous)), _numbering(label(page))
        return before is not None and after is not None and before[0] == after[0] and after[1] == before[1] + 1

    runs: list[list[int]] = []
    for page in indices:
        if runs and follows(runs[-1][-1], page):
            runs[-1].append(page)
        else:
            runs.append([page])
    return [label(run[0]) if len(run) == 1 else f"{label(run[0])}{dash}{label(run[-1])}" for run in runs]


# ---------------------------------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    """One validated item of the terms file."""

    entry: str
    match: tuple[str, ...]
    subs: tuple[tuple[str, tuple[str, ...]], ...]
    see: str | None
    see_also: tuple[str, ...]


TERM_KEYS = ("entry", "match", "sub", "see", "see_also")
SUB_KEYS = ("entry", "match")


def _strings(value: object, what: str, problems: list[str]) -> tuple[str, ...]:
    """A string or list of strings from the terms file, as authors write either for one form."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(item, str) and item.strip() for item in items):
        problems.append(f"{what} must be a text or a list of non-empty texts, not {value!r}")
        return ()
    return tuple(_clean(item) for item in items)


def _parse_terms(terms: Sequence[Mapping]) -> list[_Term]:
    """Validate the parsed terms file; every problem is reported at once, so one build run is enough
    to fix the file. Unknown keys are errors because a misspelt ``see-also`` would otherwise vanish."""
    problems: list[str] = []
    numbers: list[int] = []  # the item each problem is about, so the loader can give the file's line
    parsed: list[_Term] = []
    seen: dict[tuple, str] = {}
    for number, item in enumerate(terms, start=1):
        numbers += [number - 1] * (len(problems) - len(numbers))
        where = f"terms item {number}"
        if not isinstance(item, Mapping):
            problems.append(f"{where}: expected a mapping with an 'entry', not {item!r}")
            continue
        heading = item.get("entry")
        if not isinstance(heading, str) or not heading.strip():
            problems.append(f"{where}: 'entry' must be a non-empty text")
            continue
        heading = _clean(heading)
        where = f"entry '{heading}'"
        for key in item:
            if key not in TERM_KEYS:
                problems.append(f"{where}: unknown key {key!r} (known: {', '.join(TERM_KEYS)})")
        if _identity(heading) in seen:
            problems.append(f"{where}: defined twice (as '{seen[_identity(heading)]}' before)")
            continue
        seen[_identity(heading)] = heading
        match = _strings(item.get("match"), f"{where}: 'match'", problems)
        see_value = item.get("see")
        see = None
        if see_value is not None:
            if not isinstance(see_value, str) or not see_value.strip():
                problems.append(f"{where}: 'see' must be one non-empty text")
            else:
                see = _clean(see_value)
        see_also = _strings(item.get("see_also"), f"{where}: 'see_also'", problems)
        subs: list[tuple[str, tuple[str, ...]]] = []
        sub_seen: set[tuple] = set()
        raw_subs = item.get("sub") or []
        if not isinstance(raw_subs, (list, tuple)):
            problems.append(f"{where}: 'sub' must be a list")
            raw_subs = []
        for sub in raw_subs:
            if not isinstance(sub, Mapping) or not isinstance(sub.get("entry"), str) or not sub["entry"].strip():
                problems.append(f"{where}: every sub-entry needs a non-empty 'entry', not {sub!r}")
                continue
            sub_heading = _clean(sub["entry"])
            sub_where = f"{where}, sub-entry '{sub_heading}'"
            for key in sub:
                if key not in SUB_KEYS:
                    problems.append(f"{sub_where}: unknown key {key!r} (known: {', '.join(SUB_KEYS)})")
            if _identity(sub_heading) in sub_seen:
                problems.append(f"{where}: sub-entry '{sub_heading}' defined twice")
                continue
            sub_seen.add(_identity(sub_heading))
            subs.append((sub_heading, _strings(sub.get("match"), f"{sub_where}: 'match'", problems)))
        if see is not None and (match or subs or see_also):
            # A « voir » entry only sends the reader elsewhere: pages or « voir aussi » would contradict it.
            problems.append(f"{where}: a 'see' entry cannot also have 'match', 'sub' or 'see_also'")
        parsed.append(_Term(heading, match, tuple(subs), see, see_also))
    numbers += [len(terms)] * (len(problems) - len(numbers))
    if problems:
        raise TermsProblems(_report("the index terms file", problems), list(zip(numbers, problems)))
    return parsed


def check_terms(terms: Sequence[Mapping]) -> list[tuple[int, str]]:
    """Every problem of the terms file, each with the number (from 1) of the item it is about."""
    try:
        _parse_terms(terms)
    except TermsProblems as exc:
        return exc.located
    return []


class TermsProblems(ValueError):
    def __init__(self, message: str, located: list[tuple[int, str]]) -> None:
        super().__init__(message)
        self.located = located


def _report(what: str, problems: list[str]) -> str:
    """One message listing every problem, one per line, for the build to show as is."""
    count = f"{len(problems)} problem" + ("s" if len(problems) > 1 else "")
    return "\n".join([f"{what} has {count}:", *(f"- {problem}" for problem in problems)])


@dataclass
class _Draft:
    """An entry while occurrences are still being added; subs keyed by identity for merging."""

    heading: str
    locators: list[Locator] = field(default_factory=list)
    subs: dict[tuple, _Draft] = field(default_factory=dict)
    see: str | None = None
    see_also: tuple[str, ...] = ()

    def add(self, anchor: str) -> None:
        if all(locator.anchor != anchor for locator in self.locators):
            self.locators.append(Locator(anchor))


def build_index(occurrences: Iterable[tuple[str, str | None, str]], terms: Sequence[Mapping]) -> list[IndexEntry]:
    """The index entries, sorted in French order, from the marks found in the book and the terms file.

    ``occurrences`` are (entry heading, sub heading or None, anchor id) in document order. Headings
    differing only by case, accents or punctuation are one entry, printed as the terms file spells
    it, else as first marked. An occurrence may name an entry the terms file lacks (inline marks
    create entries). Entries and sub-entries with nothing to print (a term never found) are left
    out, and so are « voir » / « voir aussi » references to them. Raises ValueError listing every
    problem: a « voir » / « voir aussi » target that is no entry (neither in the terms file nor
    marked), one that is itself a « voir » or the entry itself, a mark on a « voir » entry, an empty
    heading or anchor.
    """
    drafts: dict[tuple, _Draft] = {}
    for term in _parse_terms(terms):
        draft = _Draft(term.entry, see=term.see, see_also=term.see_also)
        for sub_heading, _forms in term.subs:
            draft.subs[_identity(sub_heading)] = _Draft(sub_heading)
        drafts[_identity(term.entry)] = draft

    problems: list[str] = []
    for heading, sub_heading, anchor in occurrences:
        heading = _clean(heading or "")
        if not heading or not anchor:
            problems.append(f"mark at anchor {anchor!r} has an empty heading or anchor (entry {heading!r})")
            continue
        draft = drafts.setdefault(_identity(heading), _Draft(heading))
        target = draft
        if sub_heading is not None:
            sub_heading = _clean(sub_heading)
            if not sub_heading:
                problems.append(f"entry '{heading}': mark at anchor {anchor!r} has an empty sub-entry")
                continue
            target = draft.subs.setdefault(_identity(sub_heading), _Draft(sub_heading))
        target.add(anchor)

    # Entries with pages of their own (or through sub-entries) are what cross-references may point to.
    paged: dict[tuple, _Draft] = {}
    for key, draft in drafts.items():
        draft.subs = {sub_key: sub for sub_key, sub in draft.subs.items() if sub.locators}
        if draft.see is not None and (draft.locators or draft.subs):
            anchors = [loc.anchor for loc in draft.locators] + [
                loc.anchor for sub in draft.subs.values() for loc in sub.locators
            ]
            problems.append(
                f"entry '{draft.heading}' is a « voir » entry (see '{draft.see}') but is marked at "
                f"{', '.join(anchors)}: mark '{draft.see}' instead"
            )
        elif draft.locators or draft.subs:
            paged[key] = draft

    def resolve(draft: _Draft, target: str, kind: str) -> str | None:
        """Heading of a cross-reference target; None when it is to be left out (or is wrong)."""
        found = drafts.get(_identity(target))
        if found is None:
            problems.append(f"entry '{draft.heading}': {kind} '{target}' is not an entry of the index")
        elif found is draft:
            problems.append(f"entry '{draft.heading}': {kind} '{target}' refers to the entry itself")
        elif found.see is not None:
            problems.append(
                f"entry '{draft.heading}': {kind} '{target}' is itself a « voir » entry (see '{found.see}'); "
                f"point to '{found.see}' instead"
            )
        elif _identity(target) in paged:
            return found.heading
        # A target defined in the terms file but not yet found in the text is no mistake in a book
        # being written; the reference is left out rather than sending the reader to nothing.
        return None

    entries: list[IndexEntry] = []
    for key, draft in sorted(drafts.items(), key=lambda item: sort_key(item[1].heading)):
        see = resolve(draft, draft.see, "see") if draft.see is not None else None
        see_also = {found for target in draft.see_also if (found := resolve(draft, target, "see_also"))}
        if key not in paged and see is None and not see_also:
            continue  # nothing to print: a term never found, or a « voir » to such a term
        subs = {
            sub.heading: IndexEntry(sub.heading, list(sub.locators))
            for sub in sorted(draft.subs.values(), key=lambda d: sort_key(d.heading))
        }
        entries.append(IndexEntry(draft.heading, list(draft.locators), subs, see, sorted(see_also, key=sort_key)))
    if problems:
        raise ValueError(_report("the index", problems))
    return entries


def number_twins(entries: Sequence[IndexEntry]) -> list[tuple[str, str]]:
    """Pairs of headings that differ only by the number of their words (« Rituel » / « Rituels »,
    « Compte clé » / « Comptes clés »): the same notion indexed twice, which a reader finds split.
    Words are compared on their letters (case and accents ignored); a plural adds a final s or x."""

    def words(heading: str) -> tuple[str, ...]:
        return tuple(_identity_text(word) for word in heading.split())

    def singular(word: str) -> str:
        return word[:-1] if len(word) > 2 and word[-1] in "sx" else word

    seen: dict[tuple[str, ...], str] = {}
    twins = []
    for entry in entries:
        key = tuple(singular(word) for word in words(entry.heading))
        if key in seen and words(seen[key]) != words(entry.heading):
            twins.append((seen[key], entry.heading))
        seen.setdefault(key, entry.heading)
    return twins


def _identity_text(word: str) -> str:
    return "".join(str(unit[1]) for unit in primary(word))


def group_by_letter(entries: list[IndexEntry]) -> list[tuple[str, list[IndexEntry]]]:
    """Entries under their group letters (« # », A, B, …), both in French order.

    Sorting again here costs little and means the groups are right even if the caller filtered or
    concatenated entry lists; letters with no entry simply do not appear.
    """
    groups: list[tuple[str, list[IndexEntry]]] = []
    for entry in sorted(entries, key=lambda e: sort_key(e.heading)):
        letter = letter_of(entry.heading)
        if groups and groups[-1][0] == letter:
            groups[-1][1].append(entry)
        else:
            groups.append((letter, [entry]))
    return groups


# ---------------------------------------------------------------------------------------------------
# Automatic matching
# ---------------------------------------------------------------------------------------------------

COMBINING = "\u0300-\u036f"  # accents of decomposed (NFD) text: part of the word they follow
WORD_BEFORE = rf"(?<![\w{COMBINING}])(?<!\w[{HYPHENS}])"  # not inside a word nor a hyphenated compound
WORD_AFTER = rf"(?![\w{COMBINING}])(?![{HYPHENS}]\w)"
WORD_START = re.compile(rf"(?<![\w{COMBINING}])\w")


def _form_pattern(form: str) -> str:
    """Regular expression of one match form: any spacing (line break, no-break spaces from
    typography) matches a space, and any apostrophe or hyphen variant matches any other."""
    parts: list[str] = []
    for token in re.findall(r"\s+|.", form, flags=re.DOTALL):
        if token.isspace():
            parts.append(r"\s+")
        elif token in APOSTROPHES:
            parts.append(f"[{APOSTROPHES}]")
        elif token in HYPHENS:
            parts.append(f"[{HYPHENS}]")
        else:
            parts.append(re.escape(token))
    return "".join(parts)


def _form_identity(form: str) -> str:
    """What makes two forms the same, for spotting one form claimed by two entries.

    Not ``fold``: matching is case-insensitive but keeps accents (``_matcher``: « cle » does not find
    « clé »), so « clé » and « cle » are two forms that two entries may claim, and one entry listing
    both must keep both. Only what the patterns treat alike is merged: case, spacing, apostrophes,
    hyphens, composed or decomposed accents.
    """
    text = unicodedata.normalize("NFC", " ".join(form.split())).casefold()
    for apostrophe in APOSTROPHES[1:]:
        text = text.replace(apostrophe, "'")
    for hyphen in HYPHENS[1:]:
        text = text.replace(hyphen, "-")
    return text


def _forms(terms: Sequence[Mapping]) -> tuple[tuple[str, str, str | None], ...]:
    """Every (form, entry, sub) of the terms file; a form claimed by two targets is an error, since the
    index could not know which one the text means."""
    owners: dict[str, tuple[str, str, str | None]] = {}
    problems: list[str] = []
    for term in _parse_terms(terms):
        targets = [(form, term.entry, None) for form in term.match]
        targets += [(form, term.entry, sub) for sub, forms in term.subs for form in forms]
        for form, entry, sub in targets:
            key = _form_identity(form)
            previous = owners.setdefault(key, (form, entry, sub))
            if previous[1:] != (entry, sub):
                names = [e if s is None else f"{e} > {s}" for _, e, s in (previous, (form, entry, sub))]
                problems.append(f"match form '{form}' is claimed by both '{names[0]}' and '{names[1]}'")
    if problems:
        raise ValueError(_report("the index terms file", problems))
    return tuple(owners.values())


def _initial(text: str) -> str:
    """First letter of the fold (no accent, lower case, « œ » → « o »): forms are only tried where a
    word starts with their initial, which keeps matching fast with hundreds of forms. Any two letters
    the case-insensitive patterns match alike (« ſ » and « s », « ı » and « i ») fold alike."""
    return fold_char(text[:1])[:1] or text[:1]


@dataclass(frozen=True)
class TermsMatcher:
    """Compiled forms, by initial; forms not starting with a letter or digit are tried everywhere."""

    by_initial: dict[str, list[tuple[re.Pattern[str], str, str | None]]]
    anywhere: list[tuple[re.Pattern[str], str, str | None]]
    #: Spans already found, by text: the matcher lives as long as its terms, so serve's rebuilds match
    #: only the runs of text that changed.
    found: dict[str, tuple[tuple[int, int, str, str | None], ...]] = field(default_factory=dict)


_MATCHERS: dict[str, TermsMatcher] = {}


def _matcher(terms: Sequence[Mapping]) -> TermsMatcher:
    """Matcher of a terms list, cached on its text: the build calls find_matches once per run of text
    with the same terms, and validating and compiling them each time would dominate the build."""
    fingerprint = repr(terms)
    cached = _MATCHERS.get(fingerprint)
    if cached is not None:
        return cached
    matcher = TermsMatcher({}, [])
    for form, entry, sub in _forms(terms):
        variants = {unicodedata.normalize("NFC", form), unicodedata.normalize("NFD", form)}
        body = "|".join(_form_pattern(variant) for variant in sorted(variants))
        compiled = (re.compile(f"{WORD_BEFORE}(?:{body}){WORD_AFTER}", re.IGNORECASE), entry, sub)
        if WORD_START.match(form):
            matcher.by_initial.setdefault(_initial(form), []).append(compiled)
        else:
            matcher.anywhere.append(compiled)
    if len(_MATCHERS) >= 16:  # a build has one terms file; a long-lived process must not grow forever
        _MATCHERS.clear()
    _MATCHERS[fingerprint] = matcher
    return matcher


def find_matches(text: str, terms: Sequence[Mapping]) -> list[tuple[int, int, str, str | None]]:
    """Where the ``match`` forms of the terms file occur in a run of plain text, as
    (start, end, entry heading, sub heading or None), in text order.

    Whole words only (not inside a word nor a hyphenated compound), case-insensitive, ' and ’ alike.
    Where matches overlap the longest wins (then the earliest), over the whole run rather than
    left to right, so « sélection des comptes clés » is the sub-entry and not « comptes clés ».
    """
    return list(match_spans(text, _matcher(terms)))


def terms_matcher(terms: Sequence[Mapping]) -> TermsMatcher:
    """The compiled terms, for a caller that matches many runs of text with the same terms (the build):
    ``find_matches`` checks the terms' text at every call, a thousand times for this book."""
    return _matcher(terms)


def match_spans(text: str, matcher: TermsMatcher) -> tuple[tuple[int, int, str, str | None], ...]:
    """``find_matches`` with terms compiled by ``terms_matcher``."""
    known = matcher.found.get(text)
    if known is None:
        if len(matcher.found) > 100_000:  # a long preview session: forget, rather than grow for ever
            matcher.found.clear()
        known = matcher.found[text] = tuple(_spans(text, matcher))
    return known


def _spans(text: str, matcher: TermsMatcher) -> list[tuple[int, int, str, str | None]]:
    candidates: list[tuple[int, int, str, str | None]] = []
    for word in WORD_START.finditer(text):
        for pattern, entry, sub in matcher.by_initial.get(_initial(word.group()), ()):
            if found := pattern.match(text, word.start()):
                candidates.append((found.start(), found.end(), entry, sub))
    for start in range(len(text) if matcher.anywhere else 0):  # rare forms such as « .NET », everywhere
        for pattern, entry, sub in matcher.anywhere:
            if found := pattern.match(text, start):
                candidates.append((found.start(), found.end(), entry, sub))
    chosen: list[tuple[int, int, str, str | None]] = []
    for candidate in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        start, end = candidate[:2]
        if start < end and all(end <= other[0] or other[1] <= start for other in chosen):
            chosen.append(candidate)
    return sorted(chosen)
