"""Reports and the reports they follow: what a `change` rule compares with, and what binds it.

A report names the report before it in report.yaml (`previous: dongli-emergency/2021`). The link is
explicit, not "same folder, year - 1", because a report kind may skip a year or a body may move. The
previous report need not be in the repository (the first report kept here follows one that is not):
its year-over-year claims are then unverified, and say so.
"""

from __future__ import annotations

from ..load.tree import Tree
from ..model.errors import ReportError, RuleError
from ..model.figures import same_measure
from ..model.report import Catalog, Report
from ..model.rules import Rule
from .claims import Previous


def previous_of(catalog: Catalog, report: Report) -> Previous | None:
    """The report's previous report, as far as the repository has it; None if it names none."""
    if report.meta.previous is None:
        return None
    found = catalog.previous(report)
    return Previous(report.meta.previous, found.figures if found else None)


def comparable(catalog: Catalog, report: Report, rule: Rule) -> bool:
    """Whether the rule can be evaluated: not a `change` rule, or one whose other side is not broken.

    A previous figure with errors of its own is reported with its report, like any broken operand.
    """
    key = rule.claim.previous if rule.claim is not None else rule.carried_from
    if key is None:
        return True
    if report.meta.previous is None:
        return rule.carried_from is not None  # a built-in one is unverified, a claim's rule an error (link_errors)
    previous = catalog.previous(report)
    return previous is None or key not in previous.broken_keys


def unquoted(tree: Tree, report: Report) -> tuple[int, ...]:
    """The `change` rules of the report (their places in report.rules) whose quote no chapter below its
    folder makes: the claim is no longer in the text."""
    chapters = [tree.text(path) for path in tree.pages(tree.docs / report.id)]
    return tuple(number for number, rule in enumerate(report.rules)
                 if rule.claim is not None and not any(rule.claim.quote in text for text in chapters))


def link_errors(report: Report, earlier: Previous | None, missing: tuple[int, ...]) -> list[ReportError]:
    """`change` rules that cannot be right: no previous report named, incomparable units, or a quoted
    claim that the chapters no longer make (`missing`, from `unquoted`)."""
    errors: list[ReportError] = []
    for number, rule in enumerate(report.rules):
        claim = rule.claim
        if claim is None:
            continue
        if earlier is None:
            errors.append(RuleError(
                rule.location, f"规则“{rule.id}”与上一年度比较，但报告信息没有写明上一年度报告。",
                f"在 data/{report.id}/report.yaml 中写上 previous: 上一年度报告的文件夹"
                f"（如 dongli-emergency/2021）；上一年度报告不在仓库中也要写，规则会显示为“未核实”。",
                code="previous-not-named"))
        elif earlier.figures and claim.previous in earlier.figures and rule.keys[0] in report.figures:
            now, then = report.figures[rule.keys[0]], earlier.figures[claim.previous]
            if not same_measure(now, then):
                errors.append(RuleError(
                    rule.location, f"规则“{rule.id}”比较的两个数字单位不同：本年 {now.unit}，上年 {then.unit}。",
                    "只能比较同一种量：计数单位（件、起、人次、万人次……）之间，"
                    "或同一单位表中互为倍数的单位（元、万元、亿元）之间。", code="unit-mismatch"))
        if number in missing:
            errors.append(RuleError(
                rule.location, f"规则“{rule.id}”引用的原文“{claim.quote}”在 docs/{report.id}/ 的正文中找不到。",
                "quote 要逐字抄录正文中作比较的那句话。正文改写了，就同时改 quote 和 claim；"
                "正文不再与上年比较，就删除这条规则。", code="claim-quote-not-found"))
    return errors
