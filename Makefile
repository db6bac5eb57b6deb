# Two commands for everyone (see README.md):
#   make site   set up the environment if needed, then build the site into site/
#   make test   set up the environment if needed, then run every test
# And for editors: make serve (live preview at http://127.0.0.1:8000).
# For maintainers: make bench (the district benchmark; make bench ARGS=--scale=10 for ten times the size).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready

# Material's end-of-life banner is not for editors; builds are reproducible from the last commit.
export NO_MKDOCS_2_WARNING := 1
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: site test serve bench lock

# The environment, from the hashed lock file: pip refuses any package whose hash differs.
$(READY): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更高版本（当前 " + sys.version.split()[0] + "）。")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	@touch $@

# All or nothing: build beside site/, and replace site/ only when the build passed.
site: $(READY)
	@rm -rf .site-new .site-old
	@$(BIN)/mkdocs build --strict --site-dir .site-new || { rm -rf .site-new; echo "网站未更新：请按上面的提示修改后重试。" >&2; exit 1; }
	@if [ -d site ]; then mv site .site-old; fi
	@mv .site-new site && rm -rf .site-old
	@echo "网站已生成：site/index.html"

test: $(READY)
	$(BIN)/python -m pytest

serve: $(READY)
	$(BIN)/mkdocs serve

# A synthetic district built from the 2022 report, measured against the targets of issue 7.
bench: $(READY)
	$(BIN)/python -m bench.run $(ARGS)

# For maintainers: after changing dependencies in pyproject.toml, regenerate the lock file.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check pip-tools
	.venv-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --extra test --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	rm -rf .venv-lock
