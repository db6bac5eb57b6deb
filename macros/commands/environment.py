"""Whether the environment (.venv) still holds what requirements.lock pins: every distribution at
its pinned version, with the files its installation recorded. `make` runs it before each command
and rebuilds a damaged environment (a package folder deleted, a version changed by hand), which
would otherwise fail with an English ModuleNotFoundError that seems to blame the editor's pages.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def problems(lock: Path) -> list[str]:
    """What differs from the lock file, in Chinese; empty if nothing does."""
    found = []
    for name, version in _PIN.findall(lock.read_text(encoding="utf-8")):
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            found.append(f"没有安装 {name}")
            continue
        if dist.version != version:
            found.append(f"{name} 是 {dist.version}，应为 {version}")
            continue
        missing = next((str(file) for file in dist.files or () if file.suffix == ".py" and
                        not Path(str(dist.locate_file(file))).exists()), None)
        if missing:
            found.append(f"{name} 缺少文件 {missing}")
    return found


if __name__ == "__main__":
    found = problems(Path("requirements.lock"))
    if found:
        print("运行环境 .venv 与 requirements.lock 不一致（" + "；".join(found[:3]) +
              ("……" if len(found) > 3 else "") + "），重新建立运行环境。", file=sys.stderr)
    sys.exit(1 if found else 0)
