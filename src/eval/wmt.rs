//! Russian–English development documents from WMT test sets (as in `../shared/data/wmt-ru-en`):
//! one document per `docid`, paragraphs by `para`, each row one gold translation unit.
//!
//! To mimic omissions, [`WmtDocument::build`] drops a share of the rows on one side (chosen by a
//! fixed seed); the gold bead of a dropped row is one-sided.

use std::collections::HashMap;
use std::path::Path;

use crate::export::BeadIds;
use crate::{Document, Error, Lang, Result};

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
        let text = crate::text::read_utf8(&path)?;
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
    fn side(&self, keep: &[bool], ru: bool, pre: bool) -> (String, Vec<Option<(usize, usize)>>) {
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
