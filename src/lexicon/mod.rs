//! The Russian–English lexicon: which English words may translate a Russian word.
//!
//! A [`Lexicon`] maps Russian *stems* to English *stems*, both made by
//! [`crate::text::stem`] (Snowball, lowercase, ё → е), so the aligner looks up inflected
//! words of running text directly: `миллионы`, `миллионов` and `миллион` share the stem
//! `миллион`, which gives `million`, which also matches `millions`.
//!
//! sverka bundles a lexicon built from the [OpenRussian](https://en.openrussian.org)
//! dictionary data (CC BY-SA 4.0), see [`Lexicon::builtin`]. Users can add their own
//! dictionaries as TSV, hunalign or dictd files with [`Lexicon::load`].
//!
//! Multi-word glosses keep their content words only ([`normalize_gloss`]): `to take part`
//! gives `take` and `part`, `to be` gives `be`, articles and `smb`/`sth`/`one's` go.
//! [`stopwords::is_function_word`] tells function words, which the scorer weighs low.
//!
//! Where Snowball stems miss, the lexicon adds keys and translations of its own:
//! - Russian nouns with a fleeting vowel get their oblique stem (`рынок`: `рынк` of
//!   рынка, рынке), and verbs the stems of forms Snowball leaves apart (`требовать`:
//!   `треб` of требует; `иметь`: `имеет`, `имел`; `вернуть`: `вернул`; `нести`: `несет`);
//! - English base words also give their irregular forms (`say`: `said`; `person`:
//!   `people`; `good`: `better`) and their other spelling (`rouble`/`ruble`,
//!   `colour`/`color`);
//! - personal and possessive pronouns, `кто` and `не` are looked up as written, with their
//!   own English words ([`Lexicon::translations_of_word`]): Snowball stems `она`, `оно` and
//!   `они` all to `он`, and `неё` to `не`.
//!
//! # Example
//! ```
//! use sverka::{Lang, lexicon::Lexicon, text::stem};
//! let lex = Lexicon::builtin();
//! let en: Vec<&str> = lex.translations(&stem("миллионов", Lang::Ru)).collect();
//! assert!(en.contains(&stem("millions", Lang::En).as_str()));
//! ```

mod extra;
mod forms;
mod gloss;
mod import;
mod irregular;
mod pronouns;
pub mod stopwords;

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::text::{normalize, stem};
use crate::{Lang, Result};

pub use gloss::{MAX_GLOSS_WORDS, normalize_gloss};

/// The bundled OpenRussian lexicon, a table of final stems (`=EN<TAB>RU` counts,
/// `@english_stem[<TAB>word]` lines, then `russian_key<TAB>id id …` lines), made by
/// `scripts/build-lexicon.py`; see `corpus/lexicon/README.md`. Plain text: the compiler
/// checks it is UTF-8, and loading needs no inflating (gzip made it 0.4 MB instead of
/// 1.3 MB of the binary but a quarter of the load time).
static BUILTIN: &str = include_str!("../../corpus/lexicon/openrussian.tsv");

/// A Russian–English lexicon keyed by stems.
///
/// Each Russian stem maps to a list of English stems, in the order the dictionary gave
/// them. English stems are interned: each has a numeric id ([`Lexicon::en_id`]), so a scorer
/// can map the stems of an English sentence to ids once and compare numbers
/// ([`Lexicon::translation_ids`]).
///
/// The default is an empty lexicon.
#[derive(Clone, Default)]
pub struct Lexicon {
    /// English stems; an id is an index. Shared with `en_ids`: one allocation a stem.
    en: Vec<Arc<str>>,
    /// English stem → id.
    en_ids: FastMap<Arc<str>, u32>,
    /// Russian stem → ids of its English translations, without duplicates.
    entries: FastMap<Box<str>, Ids>,
}

/// A hash map with a fast, non-cryptographic hash (the words come from dictionaries the
/// user chose, so flooding attacks are not a concern).
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The multiply-rotate hash of rustc (`FxHasher`), a few times faster than SipHash on
/// short words.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl FxHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let mut tail = [0u8; 8];
        let rest = chunks.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(tail) ^ rest.len() as u64);
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The English ids of one Russian stem: most stems have one to three, kept inline.
#[derive(Clone, Debug)]
enum Ids {
    Inline { len: u8, ids: [u32; 3] },
    Heap(Vec<u32>),
}

impl Default for Ids {
    fn default() -> Self {
        Ids::Inline {
            len: 0,
            ids: [0; 3],
        }
    }
}

impl Ids {
    fn as_slice(&self) -> &[u32] {
        match self {
            Ids::Inline { len, ids } => &ids[..usize::from(*len)],
            Ids::Heap(v) => v,
        }
    }

    /// Appends `id`, which is not there yet.
    fn push(&mut self, id: u32) {
        match self {
            Ids::Inline { len, ids } if usize::from(*len) < ids.len() => {
                ids[usize::from(*len)] = id;
                *len += 1;
            }
            Ids::Inline { ids, .. } => {
                let mut v = Vec::with_capacity(8);
                v.extend_from_slice(ids);
                v.push(id);
                *self = Ids::Heap(v);
            }
            Ids::Heap(v) => v.push(id),
        }
    }

    /// Appends `id` unless it is there already; returns whether it was added.
    fn add(&mut self, id: u32) -> bool {
        if self.as_slice().contains(&id) {
            return false;
        }
        self.push(id);
        true
    }
}

impl fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lexicon")
            .field("ru_stems", &self.entries.len())
            .field("en_stems", &self.en.len())
            .field("pairs", &self.pair_count())
            .finish()
    }
}

impl Lexicon {
    /// An empty lexicon.
    ///
    /// # Example
    /// ```
    /// let lex = sverka::lexicon::Lexicon::empty();
    /// assert!(lex.is_empty());
    /// ```
    pub fn empty() -> Self {
        Lexicon::default()
    }

    /// The bundled OpenRussian lexicon, parsed once on first use and shared.
    ///
    /// It holds about 45,000 Russian headwords (44,000 stems) with their *first* English
    /// translation, and all translations of function words, pronouns, adverbs and
    /// numerals: `пожертвовать` gives `endow` but not `donate`. The build script
    /// precomputes every key and stem, so loading only interns strings (timed in
    /// `docs/speed.md`).
    /// To add your own dictionary, clone it and [`merge`](Lexicon::merge) into the copy.
    ///
    /// # Example
    /// ```
    /// use sverka::{Lang, lexicon::Lexicon, text::stem};
    /// let lex = Lexicon::builtin();
    /// assert!(lex.has_translation(&stem("рынок", Lang::Ru), &stem("market", Lang::En)));
    /// ```
    pub fn builtin() -> &'static Lexicon {
        static BUILTIN: OnceLock<Lexicon> = OnceLock::new();
        BUILTIN.get_or_init(Lexicon::load_builtin)
    }

    /// Parses the bundled OpenRussian lexicon into a new, owned lexicon.
    ///
    /// [`Lexicon::builtin`] caches the result; call this only when you need a fresh copy.
    pub fn load_builtin() -> Lexicon {
        let mut lexicon =
            Lexicon::parse_table(BUILTIN).expect("the bundled lexicon is a well-formed table");
        extra::add_extras(&mut lexicon);
        lexicon
    }

    /// A lexicon built from normalised pairs as `scripts/build-lexicon.py` builds the bundled
    /// one: `dump` holds a pair a line, `headword<TAB>glosses` (what the script writes with
    /// `--dump`), and sverka's own additions come after them. `None` when a line has no tab.
    ///
    /// Public for the lexicon tests (`tests/aligner/lexicon.rs`), which check that this gives
    /// the bundled table, so the script's port of the key and stem rules agrees with sverka's.
    #[doc(hidden)]
    pub fn from_normalized_pairs(dump: &str) -> Option<Lexicon> {
        let mut lexicon = Lexicon::empty();
        let mut builder = Builder::new(&mut lexicon);
        for line in dump.lines() {
            let (ru, en) = line.split_once('\t')?;
            builder.insert_normalized(ru, None, en);
        }
        extra::add_extras(&mut lexicon);
        Some(lexicon)
    }

    /// Reads the table of the bundled lexicon (see `corpus/lexicon/README.md`): its stems
    /// and ids are final, so this only interns strings and pushes ids. `None` when a line
    /// is not in the format.
    fn parse_table(text: &str) -> Option<Lexicon> {
        let mut lexicon = Lexicon::empty();
        let mut lines = ByteLines(text).skip_while(|l| l.starts_with('#'));
        let (en_len, ru_len) = split_tab(lines.next()?.strip_prefix('=')?)?;
        let (en_len, ru_len): (usize, usize) = (en_len.parse().ok()?, ru_len.parse().ok()?);
        lexicon.en.reserve(en_len);
        lexicon.en_ids.reserve(en_len);
        lexicon.entries.reserve(ru_len);
        for _ in 0..en_len {
            let line = lines.next()?.strip_prefix('@')?;
            // The word after a tab is there for the tests: one that stems to this stem.
            let stem = split_tab(line).map_or(line, |(stem, _)| stem);
            let shared: Arc<str> = stem.into();
            let id = u32::try_from(lexicon.en.len()).ok()?;
            lexicon.en.push(Arc::clone(&shared));
            if lexicon.en_ids.insert(shared, id).is_some() {
                return None; // a stem twice would shift the ids
            }
        }
        for line in lines {
            let (key, ids) = split_tab(line)?;
            let mut list = Ids::default();
            for id in ids.split(' ') {
                let id: u32 = id.parse().ok()?;
                if id as usize >= en_len {
                    return None;
                }
                list.push(id);
            }
            lexicon.entries.insert(key.into(), list);
        }
        (lexicon.entries.len() == ru_len).then_some(lexicon)
    }

    /// Loads a user dictionary, detecting its format.
    ///
    /// Formats:
    /// - **dictd**: `NAME.index` with `NAME.dict` or `NAME.dict.dz` (dictzip, read as gzip),
    ///   as installed by Debian's `dict-freedict-eng-rus` or `mueller7-dict`. `path` may name
    ///   the `.index`, the `.dict`, the `.dict.dz` or `NAME` alone. Either direction works:
    ///   the side in Cyrillic is Russian.
    /// - **hunalign**: `english phrase @ russian phrase`, one pair a line.
    /// - **TSV**: `russian<TAB>english`, more columns ignored; either column order works.
    ///   Translations may hold several senses separated by `;`, `,` or `|`.
    ///
    /// Files named `.index`, `.dict` or `.dz` are dictd; a file whose name has no extension
    /// but has a `.index` sibling too. Other files are read as text (gunzipped first when
    /// named `.gz`) and sniffed: a line with ` @ ` makes hunalign, a tab makes TSV. In TSV
    /// and hunalign, lines starting with `#` and blank lines are skipped. Pairs with no
    /// Cyrillic side, or with Cyrillic on both sides, are skipped.
    ///
    /// # Errors
    /// [`Error::Read`](crate::Error::Read) when a file cannot be read,
    /// [`Error::NotUtf8`](crate::Error::NotUtf8) when it is not UTF-8, and
    /// [`Error::Malformed`](crate::Error::Malformed) with the 1-based line number of the
    /// first line that is not in the format, or of the first line when no line pairs
    /// Russian with English (another language pair, or the wrong file).
    ///
    /// # Example
    /// ```
    /// use sverka::{Lang, lexicon::Lexicon, text::stem};
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("my.tsv");
    /// std::fs::write(&path, "# my terms\nблокчейн\tblockchain\n").unwrap();
    /// let lex = Lexicon::load(&path).unwrap();
    /// assert!(lex.has_translation(&stem("блокчейна", Lang::Ru), "blockchain"));
    /// ```
    pub fn load(path: &Path) -> Result<Lexicon> {
        import::load(path)
    }

    /// Parses a TSV dictionary: `russian<TAB>english` (or `english<TAB>russian`), more
    /// columns ignored, `#` comments and blank lines skipped. `what` names the input in
    /// errors.
    ///
    /// # Errors
    /// [`Error::Malformed`](crate::Error::Malformed) for a non-blank line without a tab or
    /// with an empty first or second column.
    pub fn parse_tsv(text: &str, what: &str) -> Result<Lexicon> {
        import::parse_tsv(text, what)
    }

    /// Parses a hunalign dictionary: `english phrase @ russian phrase` per line (the side in
    /// Cyrillic is taken as Russian). `what` names the input in errors.
    ///
    /// # Errors
    /// [`Error::Malformed`](crate::Error::Malformed) for a non-blank line without ` @ `.
    pub fn parse_hunalign(text: &str, what: &str) -> Result<Lexicon> {
        import::parse_hunalign(text, what)
    }

    /// Parses a dictd dictionary from its index text and its (uncompressed) data.
    /// `what` names the index in errors.
    ///
    /// # Errors
    /// [`Error::Malformed`](crate::Error::Malformed) for an index line that is not
    /// `headword<TAB>offset<TAB>length` in dictd's base64, or points outside the data;
    /// [`Error::NotUtf8`](crate::Error::NotUtf8) when the data is not UTF-8.
    pub fn parse_dictd(index: &str, dict: &[u8], what: &str) -> Result<Lexicon> {
        import::parse_dictd(index, dict, what)
    }

    /// Adds a translation pair. `ru` and `en` are dictionary text: they may hold several
    /// senses and notes and are normalised by [`normalize_gloss`]. Every Russian content
    /// word (at most [`MAX_GLOSS_WORDS`] a sense) gets every English content word as a
    /// translation, except that a Russian phrase with more words than every English sense
    /// is taken for an explanation and skipped (`лысый человек` for `bald-coot`), and that
    /// a Russian side of one content word drops the leading light verb of an English phrase
    /// (`устать`, `get tired`: `tired`; `всего хорошего`, `take care`: `care`, for `всего`
    /// is a function word). Returns the number of new (Russian stem, English stem) pairs.
    ///
    /// # Example
    /// ```
    /// use sverka::{Lang, lexicon::Lexicon, text::stem};
    /// let mut lex = Lexicon::empty();
    /// // (принима, участ) × (take, took, taken, part)
    /// assert_eq!(lex.insert("принимать участие", "to take part"), 8);
    /// assert!(lex.has_translation(&stem("участие", Lang::Ru), "take"));
    /// assert!(lex.has_translation(&stem("принимали", Lang::Ru), "took"));
    /// ```
    pub fn insert(&mut self, ru: &str, en: &str) -> usize {
        Builder::new(self).insert(ru, en)
    }

    /// Adds every pair of `other` to this lexicon (a union; nothing is removed).
    ///
    /// # Example
    /// ```
    /// use sverka::lexicon::Lexicon;
    /// let mut lex = Lexicon::empty();
    /// lex.insert("кот", "cat");
    /// let mut more = Lexicon::empty();
    /// more.insert("кот", "tomcat");
    /// lex.merge(&more);
    /// assert_eq!(lex.translations("кот").collect::<Vec<_>>(), ["cat", "tomcat"]);
    /// ```
    pub fn merge(&mut self, other: &Lexicon) {
        for (ru, ids) in &other.entries {
            let mapped: Vec<u32> = ids
                .as_slice()
                .iter()
                .map(|&id| self.intern(&other.en[id as usize]))
                .collect();
            let list = self.entries.entry(ru.clone()).or_default();
            for id in mapped {
                list.add(id);
            }
        }
    }

    /// The English stems that translate the Russian stem `ru_stem`, in dictionary order.
    /// Empty when the stem is unknown.
    ///
    /// # Example
    /// ```
    /// use sverka::{Lang, lexicon::Lexicon, text::stem};
    /// let en: Vec<&str> = Lexicon::builtin().translations(&stem("пользователей", Lang::Ru)).collect();
    /// assert!(en.contains(&"user"));
    /// ```
    pub fn translations(&self, ru_stem: &str) -> Translations<'_> {
        Translations {
            lexicon: self,
            ids: self.translation_ids(ru_stem).iter(),
            own: [].iter(),
        }
    }

    /// Looks up a Russian word as written: stems it first, then gives its
    /// [`translations`](Lexicon::translations); when the lexicon lacks that stem, it guesses
    /// the word's headword as a noun or verb form (систему: система, скажут: сказать) and
    /// gives the translations of the first guess it knows. A personal or possessive pronoun, `кто` or
    /// `не` gives its own English words instead, whatever the dictionaries hold: Snowball
    /// stems `она`, `оно` and `они` all to `он`, and `неё` to `не`.
    ///
    /// # Example
    /// ```
    /// use sverka::{Lang, lexicon::Lexicon, text::stem};
    /// let she: Vec<&str> = Lexicon::builtin().translations_of_word("Она").collect();
    /// assert!(she.contains(&"she") && !she.contains(&"he"));
    /// ```
    pub fn translations_of_word(&self, ru_word: &str) -> Translations<'_> {
        match pronouns::translations(ru_word) {
            Some(own) => Translations {
                lexicon: self,
                ids: [].iter(),
                own: own.iter(),
            },
            None => {
                let own = stem(ru_word, Lang::Ru);
                if self.contains(&own) {
                    return self.translations(&own);
                }
                match self.headword_key(ru_word) {
                    Some(key) => self.translations(&key),
                    None => self.translations(&own),
                }
            }
        }
    }

    /// The key of the headword of a form whose Snowball stem is not the headword's (see
    /// [`forms`]): a noun's case form (систему: система, режима: режим), then a verb's form
    /// (скажут: сказать, пройдет: пройти). The first guess whose stem the lexicon has wins;
    /// `None` for a word that is not a lowercase Russian word of 4 letters or more.
    fn headword_key(&self, ru_word: &str) -> Option<String> {
        let word = normalize(ru_word);
        if word.chars().count() < 4 || !word.chars().all(|c| matches!(c, 'а'..='я')) {
            return None;
        }
        forms::noun_headwords(&word)
            .chain(forms::verb_headwords(&word))
            .filter(|form| *form != word)
            .map(|form| stem_normalized(&form, Lang::Ru))
            .find(|key| self.contains(key))
    }

    /// The ids of the English stems that translate `ru_stem` (see [`Lexicon::en_id`]).
    pub fn translation_ids(&self, ru_stem: &str) -> &[u32] {
        self.entries.get(ru_stem).map_or(&[], Ids::as_slice)
    }

    /// The id of an English stem, if some Russian stem translates to it.
    pub fn en_id(&self, en_stem: &str) -> Option<u32> {
        self.en_ids.get(en_stem).copied()
    }

    /// The English stem with id `id`, if there is one.
    pub fn en_stem(&self, id: u32) -> Option<&str> {
        self.en.get(id as usize).map(|s| &**s)
    }

    /// Whether `en_stem` is among the translations of `ru_stem`.
    pub fn has_translation(&self, ru_stem: &str, en_stem: &str) -> bool {
        self.en_id(en_stem)
            .is_some_and(|id| self.translation_ids(ru_stem).contains(&id))
    }

    /// Whether the Russian stem has an entry.
    pub fn contains(&self, ru_stem: &str) -> bool {
        self.entries.contains_key(ru_stem)
    }

    /// The number of Russian stems with an entry.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the lexicon has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The number of distinct English stems.
    pub fn en_len(&self) -> usize {
        self.en.len()
    }

    /// The number of (Russian stem, English stem) pairs.
    pub fn pair_count(&self) -> usize {
        self.entries.values().map(|ids| ids.as_slice().len()).sum()
    }

    /// The Russian stems with an entry, in no particular order.
    pub fn ru_stems(&self) -> impl Iterator<Item = &str> + '_ {
        self.entries.keys().map(|k| &**k)
    }

    /// Adds one (Russian stem, English stem) pair as it is; returns whether it is new.
    fn add_stems(&mut self, ru_stem: &str, en_stem: &str) -> bool {
        let id = self.intern(en_stem);
        match self.entries.get_mut(ru_stem) {
            Some(ids) => ids.add(id),
            None => self.entries.entry(ru_stem.into()).or_default().add(id),
        }
    }

    fn intern(&mut self, en_stem: &str) -> u32 {
        if let Some(&id) = self.en_ids.get(en_stem) {
            return id;
        }
        let id = u32::try_from(self.en.len()).expect("fewer than 2^32 English stems");
        let shared: Arc<str> = en_stem.into();
        self.en.push(Arc::clone(&shared));
        self.en_ids.insert(shared, id);
        id
    }
}

/// The lines of a text, found by a plain byte scan (faster than [`str::lines`] on many short
/// lines). A `\r` before the `\n` stays.
struct ByteLines<'a>(&'a str);

impl<'a> Iterator for ByteLines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.0.is_empty() {
            return None;
        }
        let end = self
            .0
            .bytes()
            .position(|b| b == b'\n')
            .unwrap_or(self.0.len());
        let line = &self.0[..end];
        self.0 = &self.0[(end + 1).min(self.0.len())..];
        Some(line)
    }
}

/// Splits at the first tab.
fn split_tab(line: &str) -> Option<(&str, &str)> {
    let tab = line.bytes().position(|b| b == b'\t')?;
    Some((&line[..tab], &line[tab + 1..]))
}

/// An iterator over the English stems that translate a Russian stem.
///
/// This struct is created by the [`Lexicon::translations`] method.
#[derive(Debug, Clone)]
pub struct Translations<'a> {
    lexicon: &'a Lexicon,
    ids: std::slice::Iter<'a, u32>,
    /// English stems of a pronoun's own table (see [`Lexicon::translations_of_word`]).
    own: std::slice::Iter<'static, String>,
}

impl<'a> Iterator for Translations<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self.ids.next() {
            Some(&id) => Some(&*self.lexicon.en[id as usize]),
            None => self.own.next().map(String::as_str),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.ids.len() + self.own.len();
        (n, Some(n))
    }
}

impl ExactSizeIterator for Translations<'_> {}

/// The stem of a word that is already normalised (lowercase, ё written as е, see
/// [`crate::text::normalize`]): the same as [`crate::text::stem`], without its copying.
fn stem_normalized(word: &str, lang: Lang) -> String {
    static RU: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
    static EN: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
    let fast = match lang {
        Lang::Ru => word
            .chars()
            .all(|c| matches!(c, 'а'..='я' | '-') && c != 'ё'),
        Lang::En => word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'\''),
    };
    if !fast {
        return stem(word, lang);
    }
    let stemmer = match lang {
        Lang::Ru => {
            RU.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Russian))
        }
        Lang::En => {
            EN.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English))
        }
    };
    stemmer.stem(word).into_owned()
}

/// The stem of the oblique cases of a noun with a fleeting vowel, which Snowball does not
/// know: `рынок` → `рынк` (рынка, рынке), `отец` → `отц`, `угол` → `угл`, `ветер` → `ветр`,
/// `уровень` → `уровн`, `день` → `дн`.
/// `None` when `word` (normalised, in the nominative) does not end like such a noun.
fn fleeting_vowel_stem(word: &str) -> Option<String> {
    const VOWELS: &str = "аеиоуыэюяй";
    let (base, soft) = match word.strip_suffix('ь') {
        Some(base) => (base, true),
        None => (word, false),
    };
    let mut rev = base.char_indices().rev();
    let ((_, last), (vowel_at, vowel), (_, before)) = (rev.next()?, rev.next()?, rev.next()?);
    // Three letters are enough before a soft sign (день: дн-я), not otherwise (сон).
    if rev.next().is_none() && !soft {
        return None;
    }
    if !matches!(vowel, 'о' | 'е')
        || !matches!(last, 'к' | 'ц' | 'л' | 'р' | 'н' | 'м' | 'в')
        || VOWELS.contains(before)
        || !before.is_alphabetic()
        || before == 'ь'
    {
        return None;
    }
    let mut oblique = base[..vowel_at].to_string();
    oblique.push(last);
    Some(oblique)
}

/// The past-tense base of a verb in `-ать`, `-ять`, `-ить`, `-ыть` (знать: зна), whose
/// past forms (знал, знала, знали) Snowball leaves as `знал` when the stem has one vowel.
fn short_past_base(word: &str) -> Option<&str> {
    let verb = word
        .strip_suffix("ся")
        .or_else(|| word.strip_suffix("сь"))
        .unwrap_or(word);
    let base = verb.strip_suffix("ть")?;
    base.ends_with(['а', 'я', 'и', 'ы']).then_some(base)
}

/// The genitive plural of a noun in `-ка` or `-ко` after a consonant, with its fleeting vowel
/// (кошка: кошек, сумка: сумок, копейка: копеек, окошко: окошек), or `None`.
fn genitive_plural(word: &str) -> Option<String> {
    const VOWELS: &str = "аеиоуыэюяё";
    let base = word
        .strip_suffix("ка")
        .or_else(|| word.strip_suffix("ко"))?;
    let mut chars = base.chars().rev();
    let (last, before) = (chars.next()?, chars.next()?);
    if VOWELS.contains(last) || !last.is_alphabetic() || !before.is_alphabetic() {
        return None;
    }
    let mut plural = base.to_string();
    match last {
        'й' | 'ь' => {
            plural.pop();
            plural.push('е');
        }
        'ж' | 'ш' | 'ч' | 'щ' | 'ц' => plural.push('е'),
        _ => plural.push('о'),
    }
    plural.push('к');
    Some(plural)
}

/// Stems of inflected forms of a Russian verb that Snowball does not bring back to the
/// stem of the infinitive: `требует` (требовать: `требова`) has `треб`, `имеет` (иметь:
/// `имет`) keeps `имеет`, `вернул` (вернуть: `вернут`) keeps `вернул`. They are
/// `base + middle + ending` for each ending; `None` when `word` is not an infinitive of
/// these classes.
fn verb_form_stems(word: &str) -> Option<(&str, &'static str, &'static [&'static str])> {
    let verb = word
        .strip_suffix("ся")
        .or_else(|| word.strip_suffix("сь"))
        .unwrap_or(word);
    if let Some(base) = verb
        .strip_suffix("овать")
        .or_else(|| verb.strip_suffix("евать"))
    {
        // требовать: требует, требуют → треб
        Some((base, "", &[""]))
    } else if let Some(base) = verb.strip_suffix("еть") {
        // иметь: имеет, имеют, имел; видеть: видит → вид, видел
        if base.chars().count() >= 3 {
            Some((base, "", &["", "ел", "еет", "еют"]))
        } else {
            Some((base, "", &["ел", "еет", "еют"]))
        }
    } else if let Some(base) = verb.strip_suffix("нуть") {
        // вернуть: вернул, вернет
        Some((base, "", &["нул", "нет"]))
    } else if let Some(base) = verb.strip_suffix("сти") {
        // нести: несет, несут, нес
        Some((base, "с", &["", "ет", "ут"]))
    } else {
        // везти: везет, везут, вез
        let base = verb.strip_suffix("зти")?;
        Some((base, "з", &["", "ет", "ут"]))
    }
}

/// Adds pairs to a lexicon, caching the stems of English words it has seen.
pub(crate) struct Builder<'a> {
    lexicon: &'a mut Lexicon,
    /// English word → ids of its stem and the stems of its irregular forms.
    en_words: FastMap<String, Ids>,
    /// Scratch buffers: the Russian keys of the pair being added are `ru_keys[..ru_len]`.
    ru_keys: Vec<String>,
    ru_len: usize,
    en_ids: Vec<u32>,
}

impl<'a> Builder<'a> {
    pub(crate) fn new(lexicon: &'a mut Lexicon) -> Self {
        Builder {
            lexicon,
            en_words: FastMap::default(),
            ru_keys: Vec::new(),
            ru_len: 0,
            en_ids: Vec::new(),
        }
    }

    /// See [`Lexicon::insert`].
    pub(crate) fn insert(&mut self, ru: &str, en: &str) -> usize {
        let ru_senses = normalize_gloss(ru, Lang::Ru);
        // A Russian side of one content word (устать; всего хорошего: хорош) drops the
        // light verb of `get tired`, `take care`: no Russian word is left for it.
        let single = ru_senses.iter().all(|s| !s.contains(' '));
        let en_senses = gloss::normalize_senses(en, Lang::En, single);
        let longest_en = en_senses
            .iter()
            .map(|s| s.split(' ').count())
            .max()
            .unwrap_or(0);
        self.ru_len = 0;
        for sense in ru_senses {
            // A Russian phrase longer than every English sense explains the English word
            // (`лысый человек` for `bald-coot`) rather than translating it word by word.
            let words = sense.split(' ').count();
            if words > 1 && words > longest_en {
                continue;
            }
            for word in sense.split(' ') {
                self.add_ru_key(word);
            }
        }
        if self.ru_len == 0 {
            return 0;
        }
        self.en_ids.clear();
        for sense in &en_senses {
            for word in sense.split(' ') {
                self.add_en_word(word);
            }
        }
        self.add_pairs()
    }

    /// Adds a pair of the bundled lexicon, whose text is already normalised: `ru` is a
    /// headword (or a phrase of content words), `en` holds glosses of content words,
    /// separated by `|`.
    ///
    /// `ru_stem` is the headword's stem when it is known already. This is how the build
    /// script makes the bundled table; the tests check that both agree.
    fn insert_normalized(&mut self, ru: &str, ru_stem: Option<&str>, en: &str) -> usize {
        if ru.contains(' ') {
            // Phrases drop their function words.
            return self.insert(ru, en);
        }
        self.ru_len = 0;
        match ru_stem {
            Some(s) => self.add_ru_stem(ru, s),
            None => self.add_ru_key(ru),
        }
        self.en_ids.clear();
        // Split at `|` and ` ` by bytes (both are ASCII, so every cut is a char boundary).
        let mut start = 0;
        for (i, b) in en.bytes().enumerate() {
            if b == b'|' || b == b' ' {
                self.add_en_word(&en[start..i]);
                start = i + 1;
            }
        }
        self.add_en_word(&en[start..]);
        self.add_pairs()
    }

    fn add_ru_key(&mut self, word: &str) {
        if word.is_empty() {
            return;
        }
        let s = stem_normalized(word, Lang::Ru);
        self.add_ru_stem(word, &s);
    }

    /// Adds the keys of a Russian word whose stem is `s`: the stem, the oblique stem of a
    /// noun with a fleeting vowel, and stems of verb forms.
    fn add_ru_stem(&mut self, word: &str, s: &str) {
        if let Some((base, middle, endings)) = verb_form_stems(word) {
            let mut key = String::with_capacity(base.len() + 8);
            for ending in endings {
                key.clear();
                key.push_str(base);
                key.push_str(middle);
                key.push_str(ending);
                self.push_ru_key(&key);
            }
        }
        if let Some(base) = short_past_base(word) {
            // знать: знал, знала, знали → знал (Snowball keeps the -л after a first vowel)
            self.push_ru_key(&stem_normalized(&format!("{base}л"), Lang::Ru));
        }
        if let Some(plural) = genitive_plural(word) {
            // кошка: кошек; ложка: ложек; сумка: сумок
            self.push_ru_key(&stem_normalized(&plural, Lang::Ru));
        }
        if s == word
            && !word.ends_with('ь')
            && let Some(oblique) = fleeting_vowel_stem(word)
        {
            self.push_ru_key(&oblique);
        }
        if word.ends_with('ь')
            && let Some(oblique) = fleeting_vowel_stem(word)
        {
            // уровень: уровня, уровне → уровн; день: дня, дне, дни
            for ending in ["я", "е", "и"] {
                self.push_ru_key(&stem_normalized(&format!("{oblique}{ending}"), Lang::Ru));
            }
        }
        if word.ends_with("анин") || word.ends_with("янин") {
            // гражданин: граждане → граждан, граждан → гражда
            let plural = &word[..word.len() - "ин".len()];
            self.push_ru_key(plural);
            self.push_ru_key(&stem_normalized(plural, Lang::Ru));
        }
        if !s.is_empty() {
            self.push_ru_key(s);
        }
    }

    /// Adds a key unless it is there, reusing the buffers of earlier pairs.
    fn push_ru_key(&mut self, key: &str) {
        let keys = &mut self.ru_keys[..self.ru_len];
        if keys.iter().any(|k| k == key) {
            return;
        }
        if let Some(buffer) = self.ru_keys.get_mut(self.ru_len) {
            buffer.clear();
            buffer.push_str(key);
        } else {
            self.ru_keys.push(key.to_string());
        }
        self.ru_len += 1;
    }

    fn add_en_word(&mut self, word: &str) {
        if word.is_empty() {
            return;
        }
        if let Some(ids) = self.en_words.get(word) {
            for &id in ids.as_slice() {
                if !self.en_ids.contains(&id) {
                    self.en_ids.push(id);
                }
            }
            return;
        }
        {
            let mut ids = Ids::default();
            let stem = stem_normalized(word, Lang::En);
            ids.add(self.lexicon.intern(&stem));
            for form in irregular::irregular_forms(word) {
                ids.add(self.lexicon.intern(&stem_normalized(form, Lang::En)));
            }
            if let Some(variant) = irregular::spelling_variant(word) {
                ids.add(self.lexicon.intern(&stem_normalized(&variant, Lang::En)));
            }
            self.en_words.insert(word.to_string(), ids);
        }
        for &id in self.en_words[word].as_slice() {
            if !self.en_ids.contains(&id) {
                self.en_ids.push(id);
            }
        }
    }

    fn add_pairs(&mut self) -> usize {
        if self.en_ids.is_empty() {
            return 0;
        }
        let mut added = 0;
        for key in &self.ru_keys[..self.ru_len] {
            let list = match self.lexicon.entries.get_mut(key.as_str()) {
                Some(list) => list,
                None => self.lexicon.entries.entry(key.as_str().into()).or_default(),
            };
            for &id in &self.en_ids {
                if list.add(id) {
                    added += 1;
                }
            }
        }
        added
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_stems_both_sides() {
        let mut lex = Lexicon::empty();
        // Two keys: the stem пожертвова, and пожертв of the present tense (пожертвует).
        assert_eq!(lex.insert("пожертвовать", "to donate; to sacrifice"), 4);
        let s = stem("пожертвовал", Lang::Ru);
        assert_eq!(
            lex.translations(&s).collect::<Vec<_>>(),
            ["donat", "sacrific"]
        );
        assert!(lex.has_translation(&s, &stem("donations", Lang::En)));
        assert_eq!(
            lex.insert("пожертвовать", "donate"),
            0,
            "a known pair is not added twice"
        );
        assert_eq!((lex.len(), lex.en_len(), lex.pair_count()), (2, 2, 4));
    }

    #[test]
    fn forms_that_snowball_misreads_find_their_headword() {
        let mut lex = Lexicon::empty();
        lex.insert("система", "system");
        lex.insert("режим", "regime");
        lex.insert("автомобиль", "car");
        lex.insert("сказать", "say");
        lex.insert("пройти", "pass");
        let mut with_cyst = lex.clone();
        with_cyst.insert("сист", "cyst");
        // The Snowball stems of these forms are not their headword's.
        for (form, headword) in [
            ("систему", "система"),
            ("режима", "режим"),
            ("автомобили", "автомобиль"),
        ] {
            assert_ne!(stem(form, Lang::Ru), stem(headword, Lang::Ru), "{form}");
        }
        let of = |w: &str| lex.translations_of_word(w).collect::<Vec<_>>();
        assert_eq!(of("автомобили"), ["car"]);
        assert_eq!(of("режимами"), ["regim"]);
        assert_eq!(of("систему"), ["system"]);
        // A verb form goes back to its infinitive.
        assert_eq!(of("скажут"), ["say", "said"], "with its irregular past");
        assert_eq!(of("пройдет"), ["pass"]);
        // A word whose own stem the lexicon has keeps it (here a made-up сист).
        let cyst: Vec<_> = with_cyst.translations_of_word("систему").collect();
        assert_eq!(cyst, ["cyst"]);
        // No headword behind it: nothing.
        assert!(of("столами").is_empty());
        assert!(of("abc").is_empty());
    }

    /// The light verb goes when one Russian content word is left to translate: of a
    /// one-word headword and of a phrase whose other words are function words.
    #[test]
    fn light_verbs_go_for_one_russian_content_word() {
        let mut lex = Lexicon::empty();
        lex.insert("всего хорошего", "take care; all the best");
        assert_eq!(
            lex.translations("хорош").collect::<Vec<_>>(),
            ["care", "best"]
        );
        lex.insert("принимать участие", "take part");
        assert!(lex.has_translation("принима", "take"));
        lex.insert("друг друга", "each other; one another");
        assert_eq!(
            lex.translations("друг").collect::<Vec<_>>(),
            ["each", "other", "anoth"]
        );
    }

    #[test]
    fn explanations_are_skipped() {
        let mut lex = Lexicon::empty();
        assert_eq!(lex.insert("лысый человек", "bald-coot"), 0);
        assert_eq!(lex.insert("лысый человек, лысина", "bald-coot"), 1);
        // (принима, участ) × (take, took, taken, part, particip)
        assert_eq!(
            lex.insert("принимать участие", "take part, participate"),
            10
        );
    }

    #[test]
    fn pairs_without_content_are_skipped() {
        let mut lex = Lexicon::empty();
        assert_eq!(lex.insert("кот", "(a note)"), 0);
        assert_eq!(lex.insert("cat", "cat"), 0);
        assert!(lex.is_empty());
    }

    #[test]
    fn merge_remaps_english_ids() {
        let mut a = Lexicon::empty();
        a.insert("кот", "cat");
        let mut b = Lexicon::empty();
        b.insert("собака", "dog");
        b.insert("кот", "tomcat; cat");
        a.merge(&b);
        assert_eq!(a.translations("кот").collect::<Vec<_>>(), ["cat", "tomcat"]);
        assert_eq!(
            a.translations(&stem("собака", Lang::Ru))
                .collect::<Vec<_>>(),
            ["dog"]
        );
        assert_eq!((a.len(), a.en_len(), a.pair_count()), (2, 3, 3));
        let id = a.en_id("dog").unwrap();
        assert_eq!(a.en_stem(id), Some("dog"));
    }

    #[test]
    fn fleeting_vowels() {
        assert_eq!(fleeting_vowel_stem("рынок").as_deref(), Some("рынк"));
        assert_eq!(fleeting_vowel_stem("отец").as_deref(), Some("отц"));
        assert_eq!(fleeting_vowel_stem("ветер").as_deref(), Some("ветр"));
        assert_eq!(fleeting_vowel_stem("боец"), None);
        assert_eq!(fleeting_vowel_stem("кот"), None);
        assert_eq!(fleeting_vowel_stem("сон"), None);
        assert_eq!(fleeting_vowel_stem("день").as_deref(), Some("дн"));
        assert_eq!(fleeting_vowel_stem("уровень").as_deref(), Some("уровн"));
        let mut lex = Lexicon::empty();
        lex.insert("рынок", "market");
        for form in ["рынок", "рынка", "рынке", "рынками"] {
            assert!(
                lex.has_translation(&stem(form, Lang::Ru), "market"),
                "{form}"
            );
        }
        lex.insert("уровень", "level");
        lex.insert("день", "day");
        lex.insert("гражданин", "citizen");
        for (form, en) in [
            ("уровня", "level"),
            ("уровнем", "level"),
            ("дня", "day"),
            ("дни", "day"),
            ("граждане", "citizen"),
            ("граждан", "citizen"),
        ] {
            assert!(lex.has_translation(&stem(form, Lang::Ru), en), "{form}");
        }
    }

    #[test]
    fn verb_forms() {
        let mut lex = Lexicon::empty();
        lex.insert("требовать", "demand");
        lex.insert("иметь", "have");
        lex.insert("вернуть", "return");
        lex.insert("нести", "carry");
        lex.insert("использоваться", "be used");
        for form in [
            "требует",
            "требуют",
            "требовал",
            "имеет",
            "имеют",
            "имел",
            "имела",
            "вернул",
            "вернет",
            "несет",
            "несут",
            "используется",
        ] {
            assert!(lex.contains(&stem(form, Lang::Ru)), "{form}");
        }
    }

    #[test]
    fn fast_stems_are_the_stems() {
        for (w, lang) in [
            ("пожертвовали", Lang::Ru),
            ("премьер-министр", Lang::Ru),
            ("donations", Lang::En),
            ("one's", Lang::En),
            ("Ёлки", Lang::Ru),
            ("café", Lang::En),
        ] {
            assert_eq!(
                stem_normalized(&crate::text::normalize(w), lang),
                stem(w, lang),
                "{w}"
            );
        }
    }

    #[test]
    fn malformed_tables_are_rejected() {
        let good = "# c\n=2\t2\n@cat\n@dog\tdogs\nкот\t0\nпес\t1 0\n";
        let lex = Lexicon::parse_table(good).unwrap();
        assert_eq!(lex.translations("пес").collect::<Vec<_>>(), ["dog", "cat"]);
        for bad in [
            "=2\t2\n@cat\n@dog\nкот\t2\nпес\t1\n",
            "=2\t2\n@cat\nкот\t0\nпес\t1\n",
            "=2\t3\n@cat\n@dog\nкот\t0\nпес\t1\n",
            "=2\t2\n@cat\n@dog\nкот 0\nпес\t1\n",
            "=2\t2\n@cat\n@cat\nкот\t0\nпес\t1\n",
            "@cat\n",
        ] {
            assert!(Lexicon::parse_table(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn unknown_stems_have_no_translation() {
        let lex = Lexicon::empty();
        assert_eq!(lex.translations("кот").count(), 0);
        assert!(!lex.contains("кот"));
        assert!(!lex.has_translation("кот", "cat"));
    }
}
