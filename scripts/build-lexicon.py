#!/usr/bin/env python3
"""Builds sverka's bundled Russian-English lexicon from the OpenRussian dictionary data.

Usage:
    python3 scripts/build-lexicon.py [DATA_DIR] [OUT_FILE]

DATA_DIR defaults to ../shared/data/dict (relative to the repository root) and must hold
`openrussian_ru-en_firstsense.tsv` (ru, first English translation, source table) and
`others.csv` (the OpenRussian "others" table, tab-separated: bare, accented,
translations_en, translations_de, glosses split by "; "). The script also merges
corpus/lexicon/senses.tsv of the repository (sverka's own extra senses of common words,
`russian_headword<TAB>english; english; ...`); a malformed line there stops it with its
line number.
OUT_FILE defaults to corpus/lexicon/openrussian.tsv.

Headwords are lowercased with ё folded to е, stress marks removed and stray Latin lookalike
letters made Cyrillic. Glosses are normalised: notes in parentheses are dropped, senses
separated by ";", ",", "/" or "|" are split, the infinitive "to", articles and the
placeholders smb/sth/one's are dropped, other function words (of, be, in, ...) go unless
nothing else is left, and a gloss keeps at most MAX_WORDS words. Idioms of function words
("by and by", "as well") go when the headword has another gloss, subject pronouns in
glosses of function words ("you should") go, and so does the leading light verb of a gloss
of a headword with one content word ("get tired": tired; всего хорошего, "take care": care).
The English function and noise words are those of src/lexicon/stopwords.rs. sverka's own normalisation
(src/lexicon/gloss.rs) does the same to user dictionaries (idioms per translations field).

Usage with --dump FILE also writes the normalised headwords and glosses
(ru<TAB>gloss|gloss|...), from which the tests rebuild the table with sverka's own code.

The output is a UTF-8 table (LF line ends) of the final lookup keys, so that sverka
interns strings at start-up and runs no stemmer; it is embedded uncompressed (inflating
gzip took a quarter of the load time):

    # comment lines (source, licence)
    =EN<TAB>RU                  counts of English stems and Russian keys
    @english_stem[<TAB>word]    EN lines; the n-th (from 0) has id n; word stems to it
    russian_key<TAB>id id ...   RU lines, sorted by key

The keys and stems follow sverka's rules for user dictionaries (Builder::insert_normalized
in src/lexicon/mod.rs): fleeting vowels, verb forms, -анин plurals, English irregular forms
and spellings (read from src/lexicon/irregular.rs), Russian function words in phrases (read
from src/lexicon/stopwords.rs). A unit test there checks the two agree.

The script uses the Python standard library only and is deterministic: the same input gives
the same output byte for byte.
"""

import os
import re
import sys

MAX_WORDS = 3
"""A gloss with more content words than this is an explanation, not a translation: it keeps
its first MAX_WORDS content words."""

def rust_source(root, rel):
    with open(os.path.join(root, rel), encoding="utf-8") as f:
        return f.read()


def rust_words(source, const):
    """The string literals of a `const NAME: &[&str] = &[...]` in Rust source."""
    body = re.search(r"const " + const + r"\b[^=]*= &\[(.*?)\];", source, re.S).group(1)
    return re.findall(r'"([^"]*)"', body)


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STOPWORDS = rust_source(ROOT, "src/lexicon/stopwords.rs")

# English words that are never a translation by themselves; dropped from every gloss.
# Read from EN_GLOSS_NOISE in src/lexicon/stopwords.rs.
NOISE_WORDS = set(rust_words(STOPWORDS, "EN_GLOSS_NOISE"))

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
# tests/aligner/lexicon.rs checks that every stem in the shipped file equals sverka's own.
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
# the algorithm of sverka::text::stem for English; tests/aligner/lexicon.rs checks every stored stem.
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


# English function words, dropped from a gloss unless nothing else is left ("and" stays the
# gloss of "и"): EN_FUNCTION_WORDS of src/lexicon/stopwords.rs and their stems, as
# stopwords::is_function_word tells them. ("one" is one: the pronoun of "one another" and
# "one should"; alone it stays, the gloss of "один".)
FUNCTION_WORDS = set()
for _w in rust_words(STOPWORDS, "EN_FUNCTION_WORDS"):
    FUNCTION_WORDS.update((_w, english_stem(_w)))


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


# Verbs that make English phrases for what Russian says in one verb ("get tired": устать,
# "come to an end": закончиться, "take part": участвовать). In a gloss of a headword with
# one content word the leading one goes when other content words follow: it translates
# nothing.
LIGHT_VERBS = {"get", "come", "go", "make", "take", "give", "keep", "put", "become"}

# Subject pronouns, dropped from a gloss of function words only ("you should": should).
PRONOUNS = {"i", "you", "he", "she", "it", "we", "they", "one"}


def function_mask(words):
    """Which words of a sense are function words: those of FUNCTION_WORDS and "as well"
    (too)."""
    mask = [w in FUNCTION_WORDS for w in words]
    for i in range(len(words) - 1):
        if words[i] == "as" and words[i + 1] == "well":
            mask[i] = mask[i + 1] = True
    return mask


def normalize_senses(gloss, single=False):
    """Splits one translations field into normalised glosses (lists of content words):
    (gloss, idiom) pairs, where idiom tells a gloss of function words that translate
    nothing one by one: a coordinated pair ("by and by", "now and then"), a repeated word
    ("one by one") or "as well".
    "because of", "out of", "as if" are no idioms: their words are fine. `single`: the
    headword has one content word (see ru_content_words), so a leading light verb goes."""
    result = []
    text = drop_parentheses(gloss.replace('"', " "))
    for sense in re.split(r"[;,/|]", text):
        words = [w.replace("’", "'") for w in WORD.findall(sense.lower()) if not w.isdigit()]
        if words and words[0] in NOTE_WORDS:
            of = 2 if words[1:2] == ["form"] else 1
            if words[of : of + 1] == ["of"]:
                words = words[of + 1 :]
        words = [w for w in words if w not in NOISE_WORDS]
        mask = function_mask(words)
        if not all(mask):
            words = [w for w, f in zip(words, mask) if not f]
        idiom = False
        if len(words) > 1 and all(mask):
            as_well = any(a == "as" and b == "well" for a, b in zip(words, words[1:]))
            repeated = len(set(words)) < len(words)
            if "and" in words or "or" in words or as_well or repeated:
                idiom = True
            elif any(w not in PRONOUNS for w in words):
                # "one can", "may I", "you should": the modal translates, the pronoun not.
                words = [w for w in words if w not in PRONOUNS]
        if single and len(words) > 1 and words[0] in LIGHT_VERBS and not idiom:
            words = words[1:]
        # Placeholder glosses of the source data ("adjective" for an adjective with no
        # translation yet).
        if words in (["adjective"], ["noun"], ["verb"], ["adverb"]):
            continue
        gloss = " ".join(words[:MAX_WORDS])
        if gloss and gloss not in (g for g, _ in result):
            result.append((gloss, idiom))
    return result


def normalize_gloss(gloss):
    """The normalised glosses of one translations field (see normalize_senses)."""
    return [g for g, _ in normalize_senses(gloss)]


class Irregular:
    """English irregular forms and spelling variants, read from src/lexicon/irregular.rs so
    that the two stay one table (sverka applies them to user dictionaries)."""

    NOT_OUR = ("detour", "devour", "contour", "troubadour")

    def __init__(self, source):
        table = re.search(r'const TABLE: &str = "\\\n(.*?)";', source, re.S).group(1)
        self.forms = {}
        for line in table.splitlines():
            words = line.split(" ")
            if words and words[0]:
                self.forms[words[0]] = words[1:]
        body = re.search(r"const SPELLINGS\b[^=]*= &\[(.*?)\];", source, re.S).group(1)
        self.spellings = {}
        for a, b in re.findall(r'\("([a-z]+)", "([a-z]+)"\)', body):
            self.spellings.setdefault(a, b)
            self.spellings.setdefault(b, a)

    def variant(self, word):
        """irregular::spelling_variant."""
        if word in self.spellings:
            return self.spellings[word]
        if len(word) >= 6 and word not in self.NOT_OUR and word.endswith("our"):
            return word[:-3] + "or"
        if len(word) >= 5 and (word.endswith("tre") or word.endswith("bre")):
            return word[:-3] + word[-3] + "er"
        return None


RU_KEY_VOWELS = "аеиоуыэюяй"


def ru_function_words():
    """Russian function words and their stems, as stopwords::is_function_word tells them
    (RU_FUNCTION_WORDS of src/lexicon/stopwords.rs without RU_AMBIGUOUS)."""
    words = set()
    for w in rust_words(STOPWORDS, "RU_FUNCTION_WORDS"):
        w = w.replace("ё", "е")
        words.update((w, russian_stem(w)))
    return words - set(rust_words(STOPWORDS, "RU_AMBIGUOUS"))


def ru_content_words(ru, function):
    """The words of a headword that get keys, as normalize_gloss(ru, Lang::Ru) in
    Lexicon::insert: function words go unless nothing else is left, at most MAX_WORDS."""
    words = ru.split(" ")
    if any(w not in function for w in words):
        words = [w for w in words if w not in function]
    elif len(words) > 1:
        # An idiom of function words (не за что: you're welcome) gives its words nothing.
        return []
    return words[:MAX_WORDS]


def fleeting_vowel_stem(word):
    """The oblique stem of a noun with a fleeting vowel (рынок: рынк), as
    fleeting_vowel_stem in src/lexicon/mod.rs, or None."""
    soft = word.endswith("ь")
    base = word[:-1] if soft else word
    if len(base) < 3 or (len(base) == 3 and not soft):
        return None
    last, vowel, before = base[-1], base[-2], base[-3]
    if (vowel not in "ое" or last not in "кцлрнмв" or before in RU_KEY_VOWELS
            or not before.isalpha() or before == "ь"):
        return None
    return base[:-2] + last


def verb_form_stems(word):
    """(base, middle, endings) of verb_form_stems in src/lexicon/mod.rs, or None."""
    verb = word
    for refl in ("ся", "сь"):
        if verb.endswith(refl):
            verb = verb[: -len(refl)]
            break
    for suffix in ("овать", "евать"):
        if verb.endswith(suffix):
            return verb[: -len(suffix)], "", ("",)
    if verb.endswith("еть"):
        base = verb[:-3]
        if len(base) >= 3:
            return base, "", ("", "ел", "еет", "еют")
        return base, "", ("ел", "еет", "еют")
    if verb.endswith("нуть"):
        return verb[:-4], "", ("нул", "нет")
    if verb.endswith("сти"):
        return verb[:-3], "с", ("", "ет", "ут")
    if verb.endswith("зти"):
        return verb[:-3], "з", ("", "ет", "ут")
    return None


def short_past_base(word):
    """The past-tense base of a verb in -ать, -ять, -ить, -ыть (знать: зна), as
    short_past_base in src/lexicon/mod.rs, or None."""
    verb = word
    for refl in ("ся", "сь"):
        if verb.endswith(refl):
            verb = verb[: -len(refl)]
            break
    if verb.endswith("ть") and verb[:-2].endswith(("а", "я", "и", "ы")):
        return verb[:-2]
    return None


def genitive_plural(word):
    """The genitive plural of a noun in -ка or -ко after a consonant (кошка: кошек), as
    genitive_plural in src/lexicon/mod.rs, or None."""
    if not word.endswith(("ка", "ко")):
        return None
    base = word[:-2]
    if len(base) < 2:
        return None
    last, before = base[-1], base[-2]
    if last in "аеиоуыэюяё" or not last.isalpha() or not before.isalpha():
        return None
    if last in "йь":
        return base[:-1] + "ек"
    if last in "жшчщц":
        return base + "ек"
    return base + "ок"


def ru_keys(word, stem, keys):
    """Appends the lookup keys of a Russian word whose stem is `stem` to `keys`, as
    Builder::add_ru_stem in src/lexicon/mod.rs: verb forms, the oblique stem of a noun
    with a fleeting vowel, the plural of -анин nouns, the stem."""

    def push(key):
        if key not in keys:
            keys.append(key)

    forms = verb_form_stems(word)
    if forms:
        base, middle, endings = forms
        for ending in endings:
            push(base + middle + ending)
    past = short_past_base(word)
    if past:
        push(russian_stem(past + "л"))
    plural = genitive_plural(word)
    if plural:
        push(russian_stem(plural))
    if stem == word and not word.endswith("ь"):
        oblique = fleeting_vowel_stem(word)
        if oblique:
            push(oblique)
    if word.endswith("ь"):
        oblique = fleeting_vowel_stem(word)
        if oblique:
            for ending in ("я", "е", "и"):
                push(russian_stem(oblique + ending))
    if word.endswith("анин") or word.endswith("янин"):
        plural = word[:-2]
        push(plural)
        push(russian_stem(plural))
    if stem:
        push(stem)


class Table:
    """The (Russian key -> English stem ids) table that sverka loads, built the way
    Builder::insert_normalized in src/lexicon/mod.rs builds it from headwords and glosses."""

    def __init__(self, irregular, ru_function_words):
        self.irregular = irregular
        self.ru_function = ru_function_words
        self.en = []  # English stems; an id is an index
        self.en_ids = {}
        self.example = {}  # id -> a word whose stem it is, when not the stem itself
        self.en_words = {}
        self.entries = {}

    def intern(self, stem, word):
        if stem not in self.en_ids:
            self.en_ids[stem] = len(self.en)
            self.en.append(stem)
        i = self.en_ids[stem]
        if word != stem and i not in self.example:
            self.example[i] = word
        return i

    def word_ids(self, word):
        if word not in self.en_words:
            ids = []
            for w in [word] + self.irregular.forms.get(word, []) + [self.irregular.variant(word)]:
                if w is not None:
                    i = self.intern(english_stem(w), w)
                    if i not in ids:
                        ids.append(i)
            self.en_words[word] = ids
        return self.en_words[word]

    def add(self, ru, glosses):
        keys = []
        if " " in ru:
            # A phrase keeps its content words (Lexicon::insert), unless it is longer than
            # every English sense (an explanation).
            words = ru_content_words(ru, self.ru_function)
            longest = max(len(g.split(" ")) for g in glosses)
            if len(words) > 1 and len(words) > longest:
                return
            for w in words:
                ru_keys(w, russian_stem(w), keys)
        else:
            ru_keys(ru, russian_stem(ru), keys)
        if not keys:
            return
        ids = []
        for g in glosses:
            for w in g.split(" "):
                for i in self.word_ids(w):
                    if i not in ids:
                        ids.append(i)
        for key in keys:
            entry = self.entries.setdefault(key, [])
            for i in ids:
                if i not in entry:
                    entry.append(i)

def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        if line.strip():
            rows.append(dict(zip(header, line.split("\t"))))
    return rows


def read_senses(path):
    """sverka's own supplement (corpus/lexicon/senses.tsv): `#` comments, blank lines, and
    `russian_headword<TAB>english; english; ...` lines. Returns (headword, translations)
    pairs; exits with the line number of the first malformed line."""
    pairs = []
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    for number, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        problem = None
        if len(cols) != 2:
            problem = "expected russian_headword<TAB>english; english; ..."
        elif not cols[0] or cols[0] != fold_russian(cols[0]) or not re.search("[а-я]", cols[0]):
            problem = "the headword must be Russian, lowercase, with ё written as е"
        elif re.search("[а-яё]", cols[1], re.I):
            problem = "the translations must be English"
        elif not normalize_gloss(cols[1]):
            problem = "no English translation left after normalisation"
        if problem:
            sys.exit(f"{path}:{number}: {problem}: {line!r}")
        pairs.append((cols[0], cols[1]))
    return pairs


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    args = sys.argv[1:]
    dump = None
    if "--dump" in args:
        # --dump FILE: also write the normalised headwords and glosses (ru<TAB>gloss|gloss),
        # from which tests rebuild the table with sverka's own code.
        at = args.index("--dump")
        dump = args[at + 1]
        del args[at : at + 2]
    data = args[0] if len(args) > 0 else os.path.join(root, "..", "shared", "data", "dict")
    out = args[1] if len(args) > 1 else os.path.join(root, "corpus", "lexicon", "openrussian.tsv")

    ru_function = ru_function_words()
    entries = {}
    idioms = set()  # (headword, gloss) of glosses made of function words only

    def add(ru, translations):
        ru = fold_russian(ru)
        if not ru or not re.search("[а-я]", ru):
            return
        glosses = entries.setdefault(ru, [])
        # A headword of one content word (всего хорошего: хорош) loses the light verb of
        # "take care", like a one-word headword: only that word gets the gloss's words.
        single = len(ru_content_words(ru, ru_function)) == 1
        for g, idiom in normalize_senses(translations, single=single):
            if g not in glosses:
                glosses.append(g)
            if idiom:
                idioms.add((ru, g))

    for row in read_tsv(os.path.join(data, "openrussian_ru-en_firstsense.tsv")):
        add(row["ru"], row.get("en_first_translation", ""))
    for row in read_tsv(os.path.join(data, "others.csv")):
        # All senses of the "others" table (function words, pronouns, adverbs, numerals).
        add(row["bare"], row.get("translations_en", ""))
    # sverka's own extra senses of common words, kept in the repository (not in DATA_DIR).
    for ru, translations in read_senses(os.path.join(root, "corpus", "lexicon", "senses.tsv")):
        add(ru, translations)

    # A gloss of function words only ("by and by" of там, "you should" of нужно, "as well"
    # of тоже) is an idiom that translates the headword as a whole; its words one by one
    # (and, you, well) do not. It goes unless the headword has no other gloss.
    for ru, glosses in entries.items():
        kept = [g for g in glosses if (ru, g) not in idioms]
        if kept:
            glosses[:] = kept
    irregular = Irregular(rust_source(root, "src/lexicon/irregular.rs"))
    table = Table(irregular, ru_function)
    count = 0
    for ru in sorted(entries):
        if entries[ru]:
            table.add(ru, entries[ru])
            count += 1
    if dump:
        with open(dump, "w", encoding="utf-8", newline="\n") as f:
            for ru in sorted(entries):
                if entries[ru]:
                    f.write(ru + "\t" + "|".join(entries[ru]) + "\n")

    lines = [
        "# sverka's bundled Russian-English lexicon, generated by scripts/build-lexicon.py",
        "# from OpenRussian.org dictionary data (https://en.openrussian.org) and sverka's own",
        "# senses.tsv, CC BY-SA 4.0: see LICENSE and README.md in this folder. Format (README.md): a line =EN<TAB>RU with",
        "# the counts, EN lines @stem[<TAB>word] of English stems (id: 0, 1, ... in order; word",
        "# stems to it), then RU lines russian_stem<TAB>id id ... (the English translations).",
        f"={len(table.en)}\t{len(table.entries)}",
    ]
    for i, stem in enumerate(table.en):
        word = table.example.get(i)
        lines.append("@" + stem + ("\t" + word if word else ""))
    for key in sorted(table.entries):
        lines.append(key + "\t" + " ".join(map(str, table.entries[key])))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{out}: {count} headwords, {len(table.entries)} Russian keys, {len(table.en)} English stems", file=sys.stderr)


if __name__ == "__main__":
    main()
