#!/usr/bin/env python3
"""Validate corpus/lexicon/senses.tsv and print counts.

Checks: exactly one TAB per entry line; headword lowercase Cyrillic (hyphen or
space allowed), no ё; no duplicate headwords; senses non-empty, lowercase
(except "I" and capitalised proper names), no parentheses, no leading article
or "to ", no duplicate senses in a line. Sections are the "# == name ==" comment
lines; counts are printed per section. Exit status 1 on any error.
"""
import re
import signal
import sys
from collections import Counter, OrderedDict

signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
path = sys.argv[1] if len(sys.argv) > 1 else "corpus/lexicon/senses.tsv"
HEAD = re.compile(r"^[а-я]+(?:[- ][а-я]+)*$")
SENSE = re.compile(r"^[a-zA-Z'’]+(?:[ -][a-zA-Z'’]+)*$")
errors = []
seen = {}
sections = OrderedDict()
section = "(none)"
senses_total = 0
with open(path, encoding="utf-8") as fh:
    for n, raw in enumerate(fh, 1):
        line = raw.rstrip("\n")
        if raw.endswith("\r\n"):
            errors.append(f"{n}: CRLF line ending")
        if not line.strip():
            continue
        if line.startswith("#"):
            m = re.match(r"^# == (.+) ==$", line)
            if m:
                section = m.group(1)
                sections.setdefault(section, 0)
            continue
        if line.count("\t") != 1:
            errors.append(f"{n}: expected exactly one TAB: {line!r}")
            continue
        head, rest = line.split("\t")
        if not HEAD.match(head):
            errors.append(f"{n}: bad headword {head!r}")
        if head in seen:
            errors.append(f"{n}: duplicate headword {head!r} (first on line {seen[head]})")
        seen.setdefault(head, n)
        senses = [s.strip() for s in rest.split(";")]
        if any(not s for s in senses):
            errors.append(f"{n}: empty sense in {line!r}")
        dup = [s for s, c in Counter(senses).items() if c > 1]
        if dup:
            errors.append(f"{n}: repeated sense {dup} in {head!r}")
        for s in senses:
            if not s:
                continue
            if not SENSE.match(s):
                errors.append(f"{n}: bad sense {s!r} in {head!r}")
            if re.match(r"^(a|an|the|to) ", s):
                errors.append(f"{n}: sense starts with article/to: {s!r} in {head!r}")
            words = s.split()
            for w in words:
                if w != w.lower() and w != "I" and not (w[0].isupper() and w[1:] == w[1:].lower()):
                    errors.append(f"{n}: odd capitals {s!r} in {head!r}")
        senses_total += len(senses)
        sections[section] = sections.get(section, 0) + 1

for e in errors:
    print("ERROR", e)
print(f"{len(seen)} headwords, {senses_total} senses")
for k, v in sections.items():
    print(f"  {v:5d}  {k}")
sys.exit(1 if errors else 0)
