"""What preflight found: findings (one per problem, naming file and page) and measured facts.

The report is both the terminal summary of ``kambook check`` and ``dist/publisher/preflight.json``, the file
handed to the publisher with the PDFs. The JSON is deterministic (sorted keys, no timestamps, no absolute
paths unless the caller passes them) so it can sit beside ``SHA256SUMS`` and two builds compare byte for byte.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Literal

from ..errors import Location, PreflightError, Problem

Level = Literal["ok", "warning", "failure"]
LEVELS: tuple[Level, ...] = ("failure", "warning", "ok")

#: How many problem rows per rule the terminal table shows; the JSON always holds all of them.
TABLE_ROWS_PER_RULE = 12


@dataclass(frozen=True)
class Finding:
    """One verdict of one rule on one file, and on one page when the problem has a place in the file."""

    rule: str
    level: Level
    file: str
    page: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, p. {self.page}" if self.page else self.file
        return f"{where}: [{self.rule}] {self.message}"


@dataclass
class PreflightReport:
    """Every finding of a preflight run and the facts measured on the way (page counts, fonts, colours…)."""

    findings: list[Finding] = field(default_factory=list)
    facts: dict = field(default_factory=dict)

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "failure"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def passed(self) -> bool:
        """A printer would accept the files: no failure (warnings are for the author to judge)."""
        return not self.failures

    def to_json(self) -> str:
        """``preflight.json``: findings in check order, facts, and counts, with sorted keys and no dates."""
        data = {
            "passed": self.passed,
            "counts": {level: sum(f.level == level for f in self.findings) for level in LEVELS},
            "findings": [asdict(f) for f in self.findings],
            "facts": self.facts,
        }
        return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"

    def problems(self) -> list[Problem]:
        """The failures as ``Problem`` values, so the CLI prints them like every other kambook error."""
        return [Problem(Location(f.file, f.page or 0), f"[{f.rule}] {f.message}") for f in self.failures]

    def raise_for_failures(self) -> None:
        """Raise ``PreflightError`` when a printer would reject the files; the CLI turns it into exit status 1."""
        if self.failures:
            raise PreflightError(self.problems())

    def tables(self) -> list:
        """A readable summary for the terminal: one row per rule and file, then the problems themselves."""
        from rich.table import Table

        summary = Table(title="Preflight", title_justify="left")
        for column in ("file", "rule", "result", "detail"):
            summary.add_column(column)
        grouped: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for finding in self.findings:
            grouped[(finding.file, finding.rule)].append(finding)
        for (file, rule), items in grouped.items():
            worst = next(level for level in LEVELS if any(f.level == level for f in items))
            bad = [f for f in items if f.level == worst]
            detail = bad[0].message if len(bad) == 1 else f"{len(bad)} {worst}s, first: {_short(bad[0])}"
            summary.add_row(file, rule, _styled(worst), detail)
        tables = [summary]
        if self.failures or self.warnings:
            details = Table(title="Problems", title_justify="left")
            for column in ("level", "file", "page", "rule", "message"):
                details.add_column(column)
            shown: dict[tuple[str, str, str], int] = defaultdict(int)
            for finding in self.failures + self.warnings:
                key = (finding.level, finding.file, finding.rule)
                shown[key] += 1
                if shown[key] <= TABLE_ROWS_PER_RULE:
                    details.add_row(_styled(finding.level), finding.file, str(finding.page or ""),
                                    finding.rule, finding.message)
            for (level, file, rule), count in shown.items():
                if count > TABLE_ROWS_PER_RULE:
                    details.add_row(_styled(level), file, "", rule,
                                    f"… and {count - TABLE_ROWS_PER_RULE} more (see preflight.json)")
            tables.append(details)
        return tables


def _short(finding: Finding) -> str:
    return f"p. {finding.page}: {finding.message}" if finding.page else finding.message


def _styled(level: Level) -> str:
    return {"ok": "[green]ok[/]", "warning": "[yellow]warning[/]", "failure": "[bold red]failure[/]"}[level]
