# Two commands for everyone (see README.md):
#   make site   set up the environment if needed, then build the site into site/
#   make test   set up the environment if needed, then run every test
# And for editors: make serve (live preview at http://127.0.0.1:8000), make check (the checks without
# a build), make diff [BASE=<ref>] (what a change does to the figures, rules and paragraphs),
# make new-report FROM=2022 [YEAR=2023] (next year's report), make new-report KIND=<kind> BODY=<folder>
# YEAR=<year> [FORMAT=<version>] (a new report of a kind, its tables blank; see CONTRIBUTING.md).
# For publishing: make pdf (the site with every report's PDF edition, or no new site).
# For maintainers: make bench (the district benchmark and the hostile corpus; make bench ARGS=--scale=10 for
# ten times the size, make bench ARGS=--hostile for the hostile corpus alone).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready
# The site engine: mkdocs (1.6.1), or properdocs, its maintained fork, which builds the same site.
ENGINE ?= mkdocs

# Material's end-of-life banner is not for editors; builds are reproducible from the last commit.
export NO_MKDOCS_2_WARNING := 1
# Without git (a downloaded archive of a commit, whose files carry the commit's time), the newest
# time of the report files instead: the same archive gives the same date wherever it is built.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || $(PYTHON) -c 'import pathlib; print(max(int(p.stat().st_mtime) for top in ("data", "docs") for p in pathlib.Path(top).rglob("*") if p.is_file()))' 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: site pdf test serve check diff new-report record bench lock env

# The environment, from the hashed lock file: pip refuses any package whose hash differs.
$(READY): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更高版本（当前 " + sys.version.split()[0] + "）。")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	@touch $@

# Before each command the environment is checked against the lock (macros/commands/environment.py)
# and built again when it is damaged. (Tests call make with READY= and their own BIN: no check.)
ifneq ($(READY),)
ENV := env
endif
env: $(READY)
	@$(BIN)/python -m macros.commands.environment 2>&1 || { rm -rf $(VENV) && $(MAKE) --no-print-directory $(READY); }

# All or nothing, one at a time: build beside site/, replace site/ only when the build passed
# (macros/commands/build.py: a lock per checkout, a swap safe against a kill at any moment).
# With each report's PDF edition when the machine has Chromium and a Chinese font; without them the
# site is built all the same and says so once (macros/commands/pdf.py).
site: $(ENV)
	@$(BIN)/python -m macros.commands.build $(BIN)/$(ENGINE)

# The site with every report's PDF edition, or no new site at all: for publishing (the CI job).
pdf: $(ENV)
	@$(BIN)/python -m macros.commands.build $(BIN)/$(ENGINE) --pdf

# On every core (pytest-xdist): each worker takes the next test when it is free (worksteal), the sites
# the tests read are built once and shared (tests/conftest.py `shared`).
test: $(ENV)
	$(BIN)/python -m pytest -n auto --dist worksteal

# make serve REPORT=dongli-emergency/2022 previews one report (checks still cover all). --dirty: after a
# save, only the pages the change touches are rendered again (macros/plugin.py _Incremental).
serve: $(ENV)
ifdef REPORT
	@$(BIN)/python -m macros.commands.preview $(REPORT)
	$(BIN)/$(ENGINE) serve -f .preview-mkdocs.yml --dirty
else
	$(BIN)/$(ENGINE) serve -f mkdocs.yml --dirty
endif

check: $(ENV)
	@$(BIN)/python -m macros.commands.check

# What a change does to the published figures, rules and paragraphs: make diff [BASE=HEAD~1]; without
# BASE, against the merge base with main. BASE reaches the command through the environment, unquoted
# by no shell.
diff: $(ENV)
	@$(BIN)/python -m macros.commands.diff

# FROM: a report (dongli-emergency/2022) or its year; TO (or YEAR): the new report or its year.
# KIND (a kind's name, as data/kinds/ declares it), BODY (the body's folder) and YEAR: a new report of
# that kind, its structure and blank tables from the kind [FORMAT: the kind's version, else the newest];
# they reach the command through the environment, unquoted by no shell.
new-report: $(ENV)
ifdef KIND
	@test -z "$(FROM)" || { echo "FROM 和 KIND 只写一个：从已有的报告开始写 FROM，按报告类别新建写 KIND、BODY、YEAR" >&2; exit 2; }
	@$(BIN)/python -m macros.commands.scaffold --kind="$$KIND" --body="$$BODY" --year="$$YEAR" --format="$$FORMAT"
else
	@test -n "$(FROM)" || { echo "请写明从哪份报告开始，如 make new-report FROM=2022 YEAR=2023；或按报告类别新建，如 make new-report KIND=政府信息公开工作年度报告 BODY=sample-justice YEAR=2024" >&2; exit 2; }
	@$(BIN)/python -m macros.commands.newreport $(FROM) $(or $(TO),$(YEAR))
endif

# When a report is published: record every figure as published (data/<report>/published-values.yaml),
# and the day (DATE=2023-03-31; without DATE, today), which the site shows as its 发布日期; from then on
# a changed figure needs an entry in data/<report>/corrections.yaml. DATE reaches the command through
# the environment, unquoted by no shell.
record: $(ENV)
	@test -n "$(REPORT)" || { echo "用法：make record REPORT=<报告> [DATE=<发布日期>]，如 make record REPORT=dongli-emergency/2022 DATE=2023-03-31" >&2; exit 2; }
	$(BIN)/python -m macros.commands.record $(REPORT) "$$DATE"

# A synthetic district built from the 2022 report, measured against the targets of issue 7; then the
# hostile corpus (bench/hostile.py), each pathological case refused or built within its budget (issue 10).
bench: $(ENV)
	$(BIN)/python -m bench.run $(ARGS)

# For maintainers: after changing dependencies in pyproject.toml, regenerate the lock file.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check pip-tools
	.venv-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --extra test --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	rm -rf .venv-lock
