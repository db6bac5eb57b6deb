"""Vendored test tools: exactly the pinned release, so the browser tests stay hermetic.

axe-core (accessibility checks, MPL-2.0, LICENSE beside it) is injected into the pages by
test_browser_site.py. It was taken from the npm registry's tarball (`npm pack axe-core@4.14.1`,
integrity sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==,
as `npm view axe-core@4.14.1 dist.integrity` reports); its SHA-256 is also the one Deque publishes
for this version in the package's sri-history.json. To upgrade: npm pack the new version, check
the tarball's integrity against `npm view`, copy package/axe.min.js and package/LICENSE here, and
update the version and hash below.
"""

from __future__ import annotations

import hashlib

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.repo

AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"


def test_axe_is_the_pinned_release() -> None:
    data = AXE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == AXE_SHA256
    assert data.startswith(f"/*! axe v{AXE_VERSION}\n".encode())
    assert (AXE.parent / "LICENSE").read_text(encoding="utf-8").startswith("Mozilla Public License")
