"""Reading data/<report>/rules.yaml: each rule checked against the report's figures as it is read.

Malformed rules and rules naming figures that do not exist are rule-definition errors.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from types import MappingProxyType

import yaml

from ..model.claims import BY_WORDS, CLAIM_FIELDS, CLAIMS, Claim
from ..model.errors import ReportError, RuleError, did_you_mean
from ..model.fields import required_names
from ..model.figures import Figure, same_measure
from ..model.rules import BY, KINDS, WRITTEN, Exemption, Rule
from .yamlfile import YamlFile, clip

RULE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_RULES = 1_000  # rules of one report (a real one has tens): each is a row of the data appendix


def parse_rules(source: YamlFile | None, figures: MappingProxyType[str, Figure], broken: frozenset[str],
                errors: list[ReportError], builtin: tuple[Rule, ...] = ()) -> tuple[Rule, ...]:
    """The rules of one report: its own, then the `builtin` ones its kind makes (with the exceptions
    rules.yaml declares for them). Malformed rules and unknown figures are rule-definition errors."""
    if source is None:
        return builtin
    root = source.compose()
    rules: list[Rule] = []
    made = {rule.id: rule for rule in builtin}
    if root is not None and not isinstance(root, yaml.SequenceNode):
        source.error(root, "规则文件应为列表，每条规则以“- id: …”开头。", "参照 CONTRIBUTING.md 中的规则写法。",
                     code="not-a-list")
    elif root is not None and len(root.value) > MAX_RULES:
        source.error(root.value[MAX_RULES],
                     f"规则文件有 {len(root.value):,} 条规则，超过了每份报告 {MAX_RULES:,} 条的上限。",
                     "一份报告的核对规则通常是几十条：检查是否误粘贴了重复的内容。", code="too-many-rules")
    elif root is not None:
        seen: dict[str, int] = {}
        for node in root.value:
            if _exempts(source, node, made):
                continue
            rule = _rule(source, node, figures, broken)
            if rule is not None and rule.id in made:
                source.error(node, f"规则编号“{rule.id}”是报告类别自动核对的一条规则，不能再写一条同编号的规则。",
                             "给这条规则换一个编号；要为自动核对的规则声明例外，只写 id 和 exception。",
                             code="duplicate-rule-id")
            elif rule is not None and rule.id in seen:
                source.error(node, f"规则编号“{rule.id}”重复（第一次出现在第 {seen[rule.id]} 行）。",
                             "每条规则的 id 必须唯一。", code="duplicate-rule-id")
            elif rule is not None:
                seen[rule.id] = rule.location.line
                rules.append(rule)
    errors += [RuleError(e.location, e.message, e.hint, code=e.code) for e in source.errors]
    return (*rules, *made.values())


def _exempts(source: YamlFile, node: yaml.Node, made: dict[str, Rule]) -> bool:
    """An entry that declares an exception for a built-in rule (only `id` and `exception`): the rule
    in `made` gets it. False for any other entry, which is read as a rule of the report's own."""
    if not isinstance(node, yaml.MappingNode):
        return False
    names = {key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)}
    if names != {"id", "exception"}:
        return False
    fields = source.fields(node, "自动核对的例外", ("id", "exception"), ())
    rule_id = source.text(fields["id"], "id") if fields else None
    if fields is None or rule_id is None:
        return True
    if rule_id not in made:
        source.error(fields["id"], f"没有编号为“{clip(rule_id)}”的自动核对规则，不能为它声明例外。",
                     did_you_mean(rule_id, made) or "编号照 make check 或数据附录中自动核对的规则写。",
                     code="unknown-rule")
        return True
    exemption = _exemption(source, fields["exception"])
    if exemption is not None:
        made[rule_id] = replace(made[rule_id], exemption=exemption)
    return True


def _rule(source: YamlFile, node: yaml.Node, figures: MappingProxyType[str, Figure],
          broken: frozenset[str]) -> Rule | None:
    before = len(source.errors)
    fields = source.fields(node, "规则", ("id", "description"), (*WRITTEN, "exception"))
    if fields is None:
        return None
    kinds = [name for name in WRITTEN if name in fields]
    if len(kinds) != 1:
        source.error(node, f"每条规则应当有且只有一种关系（{'、'.join(WRITTEN)}），实际有 {len(kinds)} 种。",
                     "例如 sum: {total: 合计的键, parts: [部分的键, …]}。", code="rule-relation")
        return None
    kind = kinds[0]
    rule_id = source.text(fields["id"], "id") if "id" in fields else None
    if rule_id is not None and not RULE_ID.fullmatch(rule_id):
        source.error(fields["id"], f"规则编号“{rule_id}”不合规范。", "只用小写英文字母、数字和“-”，如 cases-total。",
                     code="rule-id-format")
    description = source.text(fields["description"], "description") if "description" in fields else None
    operands = _operands(source, kind, fields[kind], figures, broken)
    claim = parse_claim(source, fields[kind]) if kind == "change" else None
    if claim is not None and operands and any(role == BY for role, _ in operands) and claim.word not in BY_WORDS:
        source.error(fields[kind], f"“{claim.word}”不带变化幅度：by 只能与{'、'.join(BY_WORDS)}一起写。",
                     "删除 by；或按正文所说，写 claim: 增长 或 claim: 下降。", code="claim-by")
    exemption = _exemption(source, fields["exception"]) if "exception" in fields else None
    if len(source.errors) > before or rule_id is None or description is None or operands is None:
        return None
    rule = Rule(id=rule_id, description=description, kind=kind, operands=operands, location=source.at(node),
                exemption=exemption, claim=claim)
    _check_units(source, node, rule, figures)
    return rule if len(source.errors) == before else None


def _operands(source: YamlFile, kind: str, node: yaml.Node, figures: MappingProxyType[str, Figure],
              broken: frozenset[str]) -> tuple[tuple[str, str], ...] | None:
    roles = KINDS[kind].roles
    claim = required_names(CLAIM_FIELDS) if kind == "change" else ()
    fields = source.fields(node, f"{kind} 关系", (*(role.field for role in roles if not role.optional), *claim),
                           tuple(role.field for role in roles if role.optional))
    if fields is None:
        return None
    operands: list[tuple[str, str]] = []
    for role in roles:
        if role.field not in fields:
            continue
        value = fields[role.field]
        items = source.text_list(value, role.field) if role.many else [(source.text(value, role.field), value)]
        for key, key_node in items:
            if key is None:
                continue
            if key not in figures and key not in broken:
                source.error(key_node, f"规则引用了不存在的数字“{key}”。",
                             did_you_mean(key, figures) or "检查键是否与 figures.yaml 一致。", code="unknown-key")
            operands.append((role.name, sys.intern(key)))  # the figure's own key (reports.py), not a copy
    if len(operands) < KINDS[kind].minimum:
        source.error(node, f"{kind} 至少需要 {KINDS[kind].minimum} 个数字。", "写成 equal: {same: [键一, 键二]}。",
                     code="too-few-operands")
    return tuple(operands)


def _check_units(source: YamlFile, node: yaml.Node, rule: Rule,
                 figures: MappingProxyType[str, Figure]) -> None:
    """Operands compared with each other must be comparable: counts with counts, or one unit."""
    found = [(role, figures[key]) for role, key in rule.operands if key in figures]
    rates = [figure for role, figure in found if role in ("比率", BY)]
    compared = [figure for role, figure in found if role not in ("比率", BY)]
    if rule.kind in ("nonempty_base", "change"):
        compared = []  # a base is not compared with its rate; years.py compares the two years
    for rate in rates:
        if rate.unit != "%" and rule.kind != "nonempty_base":
            source.error(node, f"比率“{rate.key}”的单位应为 %，实际是 {rate.unit}。", "比率和变化幅度只用百分比。",
                         code="rate-unit")
    if rule.kind == "rate_of" and any(not figure.integer_unit for figure in compared):
        source.error(node, f"规则“{rule.id}”的基数应为计数（件、项、家……），实际是 {compared[0].unit}。",
                     "比率是基数中若干个所占的比例；金额之间的比率用 ratio，写明分子和分母。",
                     code="rate-base-not-count")
    if not same_measure(*compared):
        units = "、".join(f"{f.key}（{f.unit}）" for f in compared)
        source.error(node, f"规则比较的数字单位不一致：{units}。",
                     "只能比较同一种量：计数单位（件、起、人次、万人次……）之间，"
                     "或同一单位表中互为倍数的单位（元、万元、亿元）之间。", code="unit-mismatch")


def _exemption(source: YamlFile, node: yaml.Node) -> Exemption | None:
    fields = source.fields(node, "例外", ("reason", "published", "computed"), ())
    if not fields or len(fields) < 3:
        return None
    reason = source.text(fields["reason"], "reason")
    computed = source.text(fields["computed"], "computed")
    pinned = {key: source.text(value, key) for key, (_, value) in
              source.mapping(fields["published"], "published").items()}
    if reason is None or computed is None or None in pinned.values():
        return None
    return Exemption(reason=reason, published=MappingProxyType(pinned), computed=computed, location=source.at(node))  # type: ignore[arg-type]




def parse_claim(source: YamlFile, node: yaml.Node) -> Claim | None:
    """The claim fields of a `change` relation; the caller has checked its fields and their keys."""
    if not isinstance(node, yaml.MappingNode):
        return None
    fields = {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}
    if any(name not in fields for name in required_names(CLAIM_FIELDS)):
        return None
    previous = source.text(fields["previous"], "previous")
    word = source.text(fields["claim"], "claim")
    quote = source.text(fields["quote"], "quote")
    if word is not None and word not in CLAIMS:
        source.error(fields["claim"], f"claim 写成了“{word}”，可用的说法是：{'、'.join(CLAIMS)}。",
                     "写正文所说的变化，如 claim: 下降。", code="unknown-claim")
        return None
    if previous is None or word is None or quote is None:
        return None
    return Claim(word=word, previous=previous, quote=quote)

