#!/usr/bin/env python3
"""Builds sverka's bundled Russian-English lexicon from the OpenRussian dictionary data.

Usage:
    python3 scripts/build-lexicon.py [DATA_DIR] [OUT_FILE]

DATA_DIR defaults to ../shared/data/dict (relative to the repository root) and must hold
`openrussian_ru-en_firstsense.tsv` (ru, first English translation, source table) and
`others.csv` (the OpenRussian "others" table, tab-separated: bare, accented,
translations_en, translations_de, glosses split by "; ").
OUT_FILE defaults to corpus/lexicon/openrussian.tsv.gz.

Headwords are lowercased with ё folded to е, stress marks removed and stray Latin lookalike
letters made Cyrillic. Glosses are normalised: notes in parentheses are dropped, senses
separated by ";", ",", "/" or "|" are split, the infinitive "to", articles and the
placeholders smb/sth/one's are dropped, other function words (of, be, in, ...) go unless
nothing else is left, and a gloss keeps at most MAX_WORDS words. sverka's own
normalisation (src/lexicon/gloss.rs) does the same to user dictionaries.

The output is gzip-compressed UTF-8 text (`zcat` it to read):

    # comment lines (source, licence)
    @english_word<TAB>k[end]
    ru_headword<TAB>gloss|gloss|...<TAB>k

Stems are precomputed so that sverka need not run a stemmer 70,000 times at start-up:
the Snowball stem of a one-word headword is the headword without its last k letters (k is
left out for phrases); an `@` line, sorted by word, gives the Snowball stem of an English
gloss word that is not its own stem: the word without its last k letters, then `end`
(`@happy<TAB>1i` is happi). Headword lines are sorted by headword.

The script uses the Python standard library only and is deterministic: the same input gives
the same output byte for byte.
"""

import gzip
import os
import re
import sys

MAX_WORDS = 3
"""A gloss with more content words than this is an explanation, not a translation: it keeps
its first MAX_WORDS content words."""

# English words that are never a translation by themselves; dropped from every gloss.
# Keep in sync with EN_GLOSS_NOISE in src/lexicon/stopwords.rs.
NOISE_WORDS = set(
    """
a an the to one's oneself smb smb's sb sb's sth smth something someone someone's
somebody somebody's etc
""".split()
)

# English function words, dropped from a gloss unless nothing else is left ("and" stays the
# gloss of "и"). Keep in sync with EN_FUNCTION_WORDS in src/lexicon/stopwords.rs.
FUNCTION_WORDS = set(
    """
a about above after again against all also am an and any are as at be because been before
being below between both but by can cannot could did do does doing done down during each
either etc even ever every few for from further had has have having he her here hers herself
him himself his how i if in into is it its itself just may me might more most must my myself
neither no nor not now of off on once one's oneself only onto or other ought our ours
ourselves out over own same sb sb's shall she should smb smb's smth so some somebody
somebody's someone someone's something sth such than that the their theirs them themselves
then there these they this those through thus to too under until up upon us very was we were
what when where whether which while who whom whose why will with within would yet you your
yours yourself yourselves
""".split()
)

# Words that open a grammatical note rather than a translation; dropped when "of" or
# "form of" follows. Keep in sync with NOTE_WORDS in src/lexicon/gloss.rs.
NOTE_WORDS = set(
    """
genitive genetive dative accusative instrumental prepositional nominative plural singular
comparative superlative diminutive augmentative affectionate pejorative colloquial feminine
masculine neuter
""".split()
)

# Snowball's Russian stemmer (https://snowballstem.org/algorithms/russian/stemmer.html), the
# algorithm of sverka::text::stem, so that sverka need not stem 45,000 headwords at start-up.
# tests/lexicon.rs checks that every stem in the shipped file equals sverka's own.
RU_VOWELS = "аеиоуыэюя"

PERFECTIVE_GERUND_1 = ("в", "вши", "вшись")
PERFECTIVE_GERUND_2 = ("ив", "ивши", "ившись", "ыв", "ывши", "ывшись")
ADJECTIVE = ("ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом",
             "его", "ого", "ему", "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею")
PARTICIPLE_1 = ("ем", "нн", "вш", "ющ", "щ")
PARTICIPLE_2 = ("ивш", "ывш", "ующ")
REFLEXIVE = ("ся", "сь")
VERB_1 = ("ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "ет", "ют", "ны", "ть",
          "ешь", "нно")
VERB_2 = ("ила", "ыла", "ена", "ейте", "уйте", "ите", "или", "ыли", "ей", "уй", "ил", "ыл", "им",
          "ым", "ен", "ило", "ыло", "ено", "ят", "ует", "уют", "ит", "ыт", "ены", "ить", "ыть", "ишь",
          "ую", "ю")
NOUN = ("а", "ев", "ов", "ие", "ье", "е", "иями", "ями", "ами", "еи", "ии", "и", "ией", "ей", "ой",
        "ий", "й", "иям", "ям", "ием", "ем", "ам", "ом", "о", "у", "ах", "иях", "ях", "ы", "ь", "ию",
        "ью", "ю", "ия", "ья", "я")


def _longest(word, lo, groups):
    """The longest suffix of word[lo:] among the groups: (suffix, group index) or None."""
    best = None
    for gi, group in enumerate(groups):
        for s in group:
            if len(word) - len(s) >= lo and word.endswith(s) and (best is None or len(s) > len(best[0])):
                best = (s, gi)
    return best


def _after_a_ya(word, suffix, lo):
    i = len(word) - len(suffix) - 1
    return i >= lo and word[i] in "ая"


def russian_stem(word):
    """Snowball's Russian stemmer (input lowercase, ё already written as е)."""
    n = len(word)
    pv = p2 = n
    i = 0
    while i < n and word[i] not in RU_VOWELS:
        i += 1
    if i < n:
        pv = i + 1
        i += 1
        while i < n and word[i] in RU_VOWELS:
            i += 1
        # R1 starts after the first non-vowel; R2 after the next vowel + non-vowel.
        i += 1
        while i < n and word[i] not in RU_VOWELS:
            i += 1
        if i < n:
            i += 1
            while i < n and word[i] in RU_VOWELS:
                i += 1
            if i < n:
                p2 = i + 1
    lo = pv
    w = word

    def step(groups, needs_a_ya):
        nonlocal w
        m = _longest(w, lo, groups)
        if m is None:
            return False
        s, gi = m
        if needs_a_ya[gi] and not _after_a_ya(w, s, lo):
            return False
        w = w[: len(w) - len(s)]
        return True

    if not step((PERFECTIVE_GERUND_1, PERFECTIVE_GERUND_2), (True, False)):
        step((REFLEXIVE,), (False,))
        if step((ADJECTIVE,), (False,)):
            step((PARTICIPLE_1, PARTICIPLE_2), (True, False))
        elif not step((VERB_1, VERB_2), (True, False)):
            step((NOUN,), (False,))
    if len(w) - 1 >= lo and w.endswith("и"):
        w = w[:-1]
    m = _longest(w, lo, (("ост", "ость"),))
    if m is not None and len(w) - len(m[0]) >= p2:
        w = w[: len(w) - len(m[0])]
    m = _longest(w, lo, (("ейш", "ейше"), ("н",), ("ь",)))
    if m is not None:
        s, gi = m
        if gi == 0:
            w = w[: len(w) - len(s)]
            if w.endswith("нн") and len(w) - 2 >= lo:
                w = w[:-1]
        elif gi == 1:
            if w.endswith("нн") and len(w) - 2 >= lo:
                w = w[:-1]
        else:
            w = w[:-1]
    return w


# Snowball's English (Porter2) stemmer (https://snowballstem.org/algorithms/english/stemmer.html),
# the algorithm of sverka::text::stem for English; tests/lexicon.rs checks every stored stem.
EN_VOWELS = "aeiouy"
EN_DOUBLES = ("bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt")
EN_LI_ENDINGS = "cdeghkmnrt"
EN_EXCEPTIONS = {
    "skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie",
    "idly": "idl", "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli",
    "singly": "singl", "sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas",
    "cosmos": "cosmos", "bias": "bias", "andes": "andes",
}
EN_EXCEPTIONS_AFTER_1A = {"inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"}
EN_STEP2 = [
    ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("entli", "ent"),
    ("izer", "ize"), ("ization", "ize"), ("ational", "ate"), ("ation", "ate"), ("ator", "ate"),
    ("alism", "al"), ("aliti", "al"), ("alli", "al"), ("fulness", "ful"), ("ousli", "ous"),
    ("ousness", "ous"), ("iveness", "ive"), ("iviti", "ive"), ("biliti", "ble"), ("bli", "ble"),
    ("ogi", "og"), ("fulli", "ful"), ("lessli", "less"), ("li", ""),
]
EN_STEP3 = [
    ("tional", "tion"), ("ational", "ate"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"),
    ("ical", "ic"), ("ful", ""), ("ness", ""), ("ative", ""),
]
EN_STEP4 = ("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism",
            "ate", "iti", "ous", "ive", "ize", "ion")


def _is_v(c):
    return c in EN_VOWELS


def _longest_suffix(w, suffixes):
    best = None
    for s in suffixes:
        if w.endswith(s) and (best is None or len(s) > len(best)):
            best = s
    return best


def _short_syllable_at_end(w):
    """Whether w ends in a short syllable (Porter2's definition)."""
    n = len(w)
    if n >= 3 and not _is_v(w[n - 3]) and _is_v(w[n - 2]) and not _is_v(w[n - 1]) and w[n - 1] not in "wxY":
        return True
    return n == 2 and _is_v(w[0]) and not _is_v(w[1])


def english_stem(word):
    """Snowball's English (Porter2) stemmer, for lowercase words."""
    if len(word) < 3:
        return word
    if word in EN_EXCEPTIONS:
        return EN_EXCEPTIONS[word]
    w = word[1:] if word.startswith("'") else word
    # Mark consonant y as Y.
    chars = list(w)
    for i, c in enumerate(chars):
        if c == "y" and (i == 0 or chars[i - 1] in EN_VOWELS):
            chars[i] = "Y"
    w = "".join(chars)

    def regions(w):
        n = len(w)
        p1 = n
        for prefix in ("gener", "commun", "arsen"):
            if w.startswith(prefix):
                p1 = len(prefix)
                break
        else:
            i = 0
            while i < n and not _is_v(w[i]):
                i += 1
            while i < n and _is_v(w[i]):
                i += 1
            if i < n:
                p1 = i + 1
        i = p1
        while i < n and not _is_v(w[i]):
            i += 1
        while i < n and _is_v(w[i]):
            i += 1
        p2 = i + 1 if i < n else n
        return p1, min(p2, n)

    p1, p2 = regions(w)

    # Step 0
    s = _longest_suffix(w, ("'", "'s", "'s'"))
    if s:
        w = w[: -len(s)]
    # Step 1a
    s = _longest_suffix(w, ("sses", "ied", "ies", "s", "us", "ss"))
    if s == "sses":
        w = w[:-2]
    elif s in ("ied", "ies"):
        w = w[:-3] + ("i" if len(w) - 3 >= 2 else "ie")
    elif s == "s":
        if any(_is_v(c) for c in w[:-2]):
            w = w[:-1]
    if w in EN_EXCEPTIONS_AFTER_1A:
        return w
    # Step 1b
    s = _longest_suffix(w, ("eed", "eedly", "ed", "edly", "ing", "ingly"))
    if s in ("eed", "eedly"):
        if len(w) - len(s) >= p1:
            w = w[: -len(s)] + "ee"
    elif s:
        stem = w[: -len(s)]
        if any(_is_v(c) for c in stem):
            w = stem
            if w.endswith(("at", "bl", "iz")):
                w += "e"
            elif w.endswith(EN_DOUBLES):
                w = w[:-1]
            elif p1 >= len(w) and _short_syllable_at_end(w):
                w += "e"
    # Step 1c
    if len(w) >= 3 and w[-1] in "yY" and not _is_v(w[-2]):
        w = w[:-1] + "i"
    # Step 2
    s = _longest_suffix(w, [a for a, _ in EN_STEP2])
    if s and len(w) - len(s) >= p1:
        repl = dict(EN_STEP2)[s]
        if s == "ogi":
            if w[: -len(s)].endswith("l"):
                w = w[: -len(s)] + repl
        elif s == "li":
            if len(w) >= 3 and w[-3] in EN_LI_ENDINGS:
                w = w[:-2]
        else:
            w = w[: -len(s)] + repl
    # Step 3
    s = _longest_suffix(w, [a for a, _ in EN_STEP3])
    if s and len(w) - len(s) >= p1:
        if s == "ative":
            if len(w) - len(s) >= p2:
                w = w[: -len(s)]
        else:
            w = w[: -len(s)] + dict(EN_STEP3)[s]
    # Step 4
    s = _longest_suffix(w, EN_STEP4)
    if s and len(w) - len(s) >= p2:
        if s == "ion":
            if len(w) >= 4 and w[-4] in "st":
                w = w[:-3]
        else:
            w = w[: -len(s)]
    # Step 5
    if w.endswith("e"):
        if len(w) - 1 >= p2 or (len(w) - 1 >= p1 and not _short_syllable_at_end(w[:-1])):
            w = w[:-1]
    elif w.endswith("l"):
        if len(w) - 1 >= p2 and w[:-1].endswith("l"):
            w = w[:-1]
    return w.replace("Y", "y")


WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")


# Latin letters that look like Cyrillic ones and slipped into a few Russian headwords.
LOOKALIKES = str.maketrans("aceopxy", "асеорху")


def fold_russian(word):
    """Lowercases, folds ё to е, drops stress marks (apostrophes, U+0301) and replaces Latin
    lookalike letters in Cyrillic words."""
    word = word.strip().lower().replace("ё", "е").replace("\u0301", "").replace("'", "")
    return " ".join(w.translate(LOOKALIKES) if re.search("[а-я]", w) else w for w in word.split())


def drop_parentheses(text):
    """Removes (...) and [...] notes, including nested and unclosed ones."""
    out = []
    depth = 0
    for c in text:
        if c in "([":
            depth += 1
        elif c in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(c)
    return "".join(out)


def normalize_gloss(gloss):
    """Splits one translations field into normalised glosses (lists of content words)."""
    result = []
    text = drop_parentheses(gloss.replace('"', " "))
    for sense in re.split(r"[;,/|]", text):
        words = [w.replace("’", "'") for w in WORD.findall(sense.lower()) if not w.isdigit()]
        if words and words[0] in NOTE_WORDS:
            of = 2 if words[1:2] == ["form"] else 1
            if words[of : of + 1] == ["of"]:
                words = words[of + 1 :]
        words = [w for w in words if w not in NOISE_WORDS]
        if any(w not in FUNCTION_WORDS for w in words):
            words = [w for w in words if w not in FUNCTION_WORDS]
        # Placeholder glosses of the source data ("adjective" for an adjective with no
        # translation yet).
        if words in (["adjective"], ["noun"], ["verb"], ["adverb"]):
            continue
        gloss = " ".join(words[:MAX_WORDS])
        if gloss and gloss not in result:
            result.append(gloss)
    return result


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        if line.strip():
            rows.append(dict(zip(header, line.split("\t"))))
    return rows


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "dict")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "corpus", "lexicon", "openrussian.tsv.gz")

    entries = {}

    def add(ru, translations):
        ru = fold_russian(ru)
        if not ru or not re.search("[а-я]", ru):
            return
        glosses = entries.setdefault(ru, [])
        for g in normalize_gloss(translations):
            if g not in glosses:
                glosses.append(g)

    for row in read_tsv(os.path.join(data, "openrussian_ru-en_firstsense.tsv")):
        add(row["ru"], row.get("en_first_translation", ""))
    for row in read_tsv(os.path.join(data, "others.csv")):
        # All senses of the "others" table (function words, pronouns, adverbs, numerals).
        add(row["bare"], row.get("translations_en", ""))

    lines = [
        "# sverka's bundled Russian-English lexicon, generated by scripts/build-lexicon.py",
        "# from OpenRussian.org dictionary data (https://en.openrussian.org), CC BY-SA 4.0:",
        "# see LICENSE and README.md in this folder. Format: ru<TAB>gloss|gloss|...<TAB>k",
        "# where the Snowball stem of ru is ru without its last k letters. Lines @word<TAB>k[end]",
        "# give the Snowball stems of English words that have one other than themselves: the",
        "# word without its last k letters, then end (happy<TAB>1i: happi).",
    ]
    words = sorted({w for glosses in entries.values() for g in glosses for w in g.split(" ")})
    for w in words:
        stem = english_stem(w)
        if stem != w:
            common = os.path.commonprefix([w, stem])
            lines.append("@" + w + "\t" + str(len(w) - len(common)) + stem[len(common) :])
    count = 0
    for ru in sorted(entries):
        glosses = entries[ru]
        if glosses:
            line = ru + "\t" + "|".join(glosses)
            if " " not in ru:
                line += "\t" + str(len(ru) - len(russian_stem(ru)))
            lines.append(line)
            count += 1
    os.makedirs(os.path.dirname(out), exist_ok=True)
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    # mtime=0 and no file name in the header: the same input gives the same bytes.
    with open(out, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as f:
            f.write(payload)
    print(f"{out}: {count} headwords", file=sys.stderr)


if __name__ == "__main__":
    main()
