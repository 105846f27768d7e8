//! What the tests, benches and examples share about the public data sets in
//! `../shared/data`: where each is, with one rule for when it is absent ([`data_dir`]), and
//! readers of the WMT and Tatoeba sets.
//!
//! The test binaries reach it as `support::data` (`tests/support/mod.rs`); benches and examples
//! include it on its own as `#[path = "../tests/support/data.rs"] mod data;`, so it uses
//! nothing else from `tests/support/`.

// Each includer uses its own part of it.
#![allow(dead_code)]

use std::path::PathBuf;

/// The folder of the public data set `sub` (`../shared/data/SUB`), or `None` when it is absent,
/// after printing that the caller is skipped. With `SVERKA_REQUIRE_DATA=1` in the environment
/// an absent folder panics instead (see [`missing`]).
pub fn data_dir(sub: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    missing(&format!("{} is missing", dir.display()));
    None
}

/// Says that something a test needs is missing: prints `skipped: WHAT`, or panics when
/// `SVERKA_REQUIRE_DATA=1` asks for everything to be there (as CI does).
pub fn missing(what: &str) {
    skip_or_fail("SVERKA_REQUIRE_DATA", what);
}

/// The one rule for a test that cannot run here because `what` is missing: it panics when the
/// environment holds `VAR=1` (CI sets `SVERKA_REQUIRE_DATA=1` for the data sets,
/// `SVERKA_REQUIRE_BROWSER=1` for Chromium and `SVERKA_REQUIRE_EPUBCHECK=1` for epubcheck), and
/// otherwise prints `skipped: WHAT` for the caller to return.
pub fn skip_or_fail(var: &str, what: &str) {
    if std::env::var(var).as_deref() == Ok("1") {
        panic!("{what} and {var}=1 asks for it");
    }
    eprintln!("skipped: {what} (set {var}=1 to fail instead)");
}

/// Russian–English development documents from WMT test sets (`../shared/data/wmt-ru-en`):
/// one document per `docid`, paragraphs by `para`, each row one gold translation unit.
///
/// To mimic omissions, [`WmtDocument::build`] drops a share of the rows on one side (chosen by a
/// fixed seed); the gold bead of a dropped row is one-sided.
pub mod wmt {
    use std::collections::HashMap;
    use std::path::Path;

    use sverka::export::BeadIds;
    use sverka::{Document, Error, Lang, Result};

    /// The WMT files read by [`read_documents`], with whether their source side is Russian.
    pub const FILES: [(&str, bool); 3] = [
        ("wmttest2022.ru-en.tsv", true),
        ("wmttest2023.ru-en.tsv", true),
        ("wmttest2022.en-ru.tsv", false),
    ];

    /// One row of a WMT document.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Row {
        /// 0-based paragraph in the document.
        pub para: usize,
        /// The Russian text of the row.
        pub ru: String,
        /// The English text of the row.
        pub en: String,
    }

    /// A WMT document: its id and rows in order.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct WmtDocument {
        /// `file:docid`.
        pub id: String,
        /// The rows.
        pub rows: Vec<Row>,
    }

    /// Reads every document of the [`FILES`] in `dir`, in file order.
    pub fn read_documents(dir: &Path) -> Result<Vec<WmtDocument>> {
        let mut docs: Vec<WmtDocument> = Vec::new();
        for (file, ru_first) in FILES {
            let path = dir.join(file);
            let text = sverka::text::read_utf8(&path)?;
            let mut index: HashMap<String, usize> = HashMap::new();
            for (n, line) in text.lines().enumerate().skip(1) {
                let c: Vec<&str> = line.split('\t').collect();
                let para = c.get(3).and_then(|p| p.parse().ok());
                let (Some(para), Some(src), Some(tgt)) = (para, c.get(5), c.get(6)) else {
                    return Err(Error::malformed(
                        path.display().to_string(),
                        n + 1,
                        "expected collection, docid, origlang, para, seg_id, src, ref",
                    ));
                };
                let (ru, en) = if ru_first { (src, tgt) } else { (tgt, src) };
                let id = format!("{file}:{}", c[1]);
                let k = *index.entry(id.clone()).or_insert_with(|| {
                    docs.push(WmtDocument {
                        id,
                        rows: Vec::new(),
                    });
                    docs.len() - 1
                });
                docs[k].rows.push(Row {
                    para,
                    ru: ru.trim().to_string(),
                    en: en.trim().to_string(),
                });
            }
        }
        Ok(docs)
    }

    /// A small deterministic generator (SplitMix64), so drops are the same on every run.
    #[derive(Debug, Clone)]
    pub struct Rng(pub u64);

    impl Rng {
        /// The next pseudo-random number.
        pub fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
    }

    /// An evaluation case: both sides and the gold beads.
    #[derive(Debug, Clone)]
    pub struct Case {
        /// The Russian side.
        pub ru: Document,
        /// The English side.
        pub en: Document,
        /// One gold bead per kept row: its Russian sentences against its English sentences.
        pub gold: Vec<BeadIds>,
    }

    impl WmtDocument {
        /// Builds an evaluation case: each row is dropped with probability `drop_percent`/100 on
        /// one side chosen at random. Raw text is segmented by sverka (`presegmented == false`:
        /// a line per paragraph) or given one row a line (`presegmented == true`). A sentence
        /// belongs to the row where it starts. `None` when a side ends up empty.
        pub fn build(&self, rng: &mut Rng, drop_percent: u64, presegmented: bool) -> Option<Case> {
            let n = self.rows.len();
            let (mut keep_ru, mut keep_en) = (vec![true; n], vec![true; n]);
            for r in 0..n {
                if rng.next_u64() % 100 < drop_percent {
                    if rng.next_u64().is_multiple_of(2) {
                        keep_ru[r] = false;
                    } else {
                        keep_en[r] = false;
                    }
                }
            }
            let (ru_text, ru_rows) = self.side(&keep_ru, true, presegmented);
            let (en_text, en_rows) = self.side(&keep_en, false, presegmented);
            let (ru, en) = if presegmented {
                (
                    Document::presegmented(ru_text, Lang::Ru),
                    Document::presegmented(en_text, Lang::En),
                )
            } else {
                (
                    Document::new(ru_text, Lang::Ru),
                    Document::new(en_text, Lang::En),
                )
            };
            let (ru, en) = (ru.ok()?, en.ok()?);
            let owned = |doc: &Document, span: Option<(usize, usize)>| -> Vec<usize> {
                let Some((s, e)) = span else {
                    return Vec::new();
                };
                (0..doc.len())
                    .filter(|&i| (s..e).contains(&doc.sentences()[i].start))
                    .collect()
            };
            let gold = (0..n)
                .map(|r| BeadIds::new(owned(&ru, ru_rows[r]), owned(&en, en_rows[r])))
                .filter(|b| !(b.ru.is_empty() && b.en.is_empty()))
                .collect();
            Some(Case { ru, en, gold })
        }

        /// One side's text (a line per paragraph, or a line per row with blank lines between
        /// paragraphs when presegmented) and each row's byte span in it.
        fn side(
            &self,
            keep: &[bool],
            ru: bool,
            pre: bool,
        ) -> (String, Vec<Option<(usize, usize)>>) {
            let mut text = String::new();
            let mut spans = Vec::new();
            let mut last_para = None;
            for (row, &k) in self.rows.iter().zip(keep) {
                let t = if ru { &row.ru } else { &row.en };
                if !k || t.is_empty() {
                    spans.push(None);
                    continue;
                }
                if let Some(p) = last_para {
                    text.push_str(match (pre, p != row.para) {
                        (true, true) => "\n\n",
                        (true, false) | (false, true) => "\n",
                        (false, false) => " ",
                    });
                }
                last_para = Some(row.para);
                let start = text.len();
                text.push_str(&t.replace(['\n', '\r'], " "));
                spans.push(Some((start, text.len())));
            }
            (text, spans)
        }
    }
}

/// The Tatoeba Russian–English test pairs (`../shared/data/tatoeba-ru-en`, the LASER
/// test set): line `i` of the Russian file translates line `i` of the English one. A pair
/// scorer is measured by how often it ranks the translation first among all English
/// sentences.
pub mod tatoeba {
    use std::path::Path;

    use sverka::score::PairScorer;
    use sverka::{Document, Lang, Result};

    /// The Russian and the English file in the folder.
    pub const FILES: [&str; 2] = ["tatoeba.rus-eng.rus", "tatoeba.rus-eng.eng"];

    /// Reads the pairs of `dir` as two documents, each sentence its own paragraph (isolated
    /// pairs, no document order).
    pub fn read_documents(dir: &Path) -> Result<(Document, Document)> {
        let read = |file: &str, lang| -> Result<Document> {
            let path = dir.join(file);
            let text = sverka::text::read_utf8(&path)?;
            Document::presegmented(text.replace('\n', "\n\n"), lang)
        };
        Ok((read(FILES[0], Lang::Ru)?, read(FILES[1], Lang::En)?))
    }

    /// Whether `scorer` ranks English sentence `i` first for Russian sentence `i`: every other
    /// English sentence costs more. The set writes one English sentence twice (`I still can't
    /// believe it!`); the same text is the same translation, not a rival to beat.
    pub fn ranks_first(scorer: &PairScorer, en: &Document, i: usize) -> bool {
        let own = scorer.pair_cost(i, i);
        (0..en.len()).all(|j| {
            j == i || en.sentence_text(j) == en.sentence_text(i) || scorer.pair_cost(i, j) > own
        })
    }

    /// How many Russian sentences `scorer` (built on the two documents) ranks their translation
    /// first for.
    pub fn ranked_first(scorer: &PairScorer, en: &Document) -> usize {
        (0..en.len().min(scorer.ru_len()))
            .filter(|&i| ranks_first(scorer, en, i))
            .count()
    }
}
