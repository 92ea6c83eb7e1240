#!/usr/bin/env python3
"""The plain-mode lines that answer a whole first journey right, from a
directory of steps (as tests/integration/common.rs builds them): Enter after
the welcome, then for each step (in file-name order) Enter after its text and
one line per question: the numbers of the right choices, or the first
accepted answer.

Usage: answers.py STEPS-DIR > answers.txt
"""

import sys
import tomllib
from pathlib import Path

lines = [""]
for path in sorted(Path(sys.argv[1]).glob("*.toml")):
    if path.name == "journey.toml":
        continue
    step = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    lines.append("")
    for question in step["questions"]:
        if "choices" in question:
            right = [str(i + 1) for i, c in enumerate(question["choices"]) if c.get("correct")]
            lines.append(",".join(right))
        else:
            lines.append(question["accept"][0])
sys.stdout.write("\n".join(lines) + "\n")
