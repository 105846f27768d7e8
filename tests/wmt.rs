//! Russian–English accuracy on the WMT development documents (`../shared/data/wmt-ru-en`):
//! one document per `docid`, paragraphs by `para`, 8% of the rows dropped on one side (fixed
//! seed). The gold bead of a row is its Russian sentences against its English sentences.
//! Scored with the coarse metric (`sverka eval --coarse`), raw text and presegmented.
//!
//! `cargo test --release --test wmt -- --nocapture` prints the figures.

use std::collections::BTreeMap;
use std::path::PathBuf;

use sverka::eval::{Prf, score_coarse};
use sverka::export::BeadIds;
use sverka::{Aligner, Document, Lang};

fn data_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/wmt-ru-en");
    if dir.exists() {
        return Some(dir);
    }
    assert!(
        std::env::var("SVERKA_REQUIRE_DATA").as_deref() != Ok("1"),
        "{} is missing and SVERKA_REQUIRE_DATA=1",
        dir.display()
    );
    eprintln!("skipped: {} is missing", dir.display());
    None
}

/// One WMT row: paragraph, Russian and English text.
struct Row {
    para: usize,
    ru: String,
    en: String,
}

/// Reads the documents of all three files, in file order.
fn documents(dir: &std::path::Path) -> Vec<(String, Vec<Row>)> {
    let mut docs: Vec<(String, Vec<Row>)> = Vec::new();
    for (file, ru_first) in [
        ("wmttest2022.ru-en.tsv", true),
        ("wmttest2023.ru-en.tsv", true),
        ("wmttest2022.en-ru.tsv", false),
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        for line in text.lines().skip(1) {
            let c: Vec<&str> = line.split('\t').collect();
            let (src, tgt) = (c[5].to_string(), c[6].to_string());
            let (ru, en) = if ru_first { (src, tgt) } else { (tgt, src) };
            let key = format!("{file}:{}", c[1]);
            let k = *index.entry(key.clone()).or_insert_with(|| {
                docs.push((key, Vec::new()));
                docs.len() - 1
            });
            docs[k].1.push(Row {
                para: c[3].parse().unwrap(),
                ru,
                en,
            });
        }
    }
    docs
}

/// SplitMix64: the same drops on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Builds one side's text (a line per paragraph, or a line per row when presegmented) and
/// returns, for each kept row, its byte span in that text.
fn side(rows: &[Row], keep: &[bool], ru: bool, pre: bool) -> (String, Vec<Option<(usize, usize)>>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut last_para = None;
    for (row, &k) in rows.iter().zip(keep) {
        if !k {
            spans.push(None);
            continue;
        }
        let t = if ru { &row.ru } else { &row.en };
        let t = t.trim();
        if let Some(p) = last_para {
            if pre {
                if p != row.para {
                    text.push('\n');
                }
                text.push('\n');
            } else if p != row.para {
                text.push('\n');
            } else {
                text.push(' ');
            }
        }
        last_para = Some(row.para);
        let start = text.len();
        text.push_str(t);
        spans.push(Some((start, text.len())));
    }
    (text, spans)
}

/// Gold beads: each row's sentences on both sides (a sentence belongs to the row where it starts).
fn gold(
    ru: &Document,
    en: &Document,
    ru_rows: &[Option<(usize, usize)>],
    en_rows: &[Option<(usize, usize)>],
) -> Vec<BeadIds> {
    let owner = |doc: &Document, spans: &[Option<(usize, usize)>], r: usize| -> Vec<usize> {
        let Some((s, e)) = spans[r] else {
            return Vec::new();
        };
        (0..doc.len())
            .filter(|&i| {
                let st = doc.sentences()[i].start;
                st >= s && st < e
            })
            .collect()
    };
    (0..ru_rows.len())
        .map(|r| BeadIds::new(owner(ru, ru_rows, r), owner(en, en_rows, r)))
        .filter(|b| !(b.ru.is_empty() && b.en.is_empty()))
        .collect()
}

fn run(pre: bool) -> Option<Prf> {
    let dir = data_dir()?;
    let mut rng = Rng(2018);
    let mut all = Vec::new();
    for (_, rows) in documents(&dir) {
        // Drop 8% of the rows, each on one side chosen at random.
        let mut keep_ru = vec![true; rows.len()];
        let mut keep_en = vec![true; rows.len()];
        for r in 0..rows.len() {
            if rng.next() % 100 < 8 {
                if rng.next() % 2 == 0 {
                    keep_ru[r] = false;
                } else {
                    keep_en[r] = false;
                }
            }
        }
        let (ru_text, ru_rows) = side(&rows, &keep_ru, true, pre);
        let (en_text, en_rows) = side(&rows, &keep_en, false, pre);
        let docs = if pre {
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
        let (Ok(ru), Ok(en)) = docs else {
            continue;
        };
        let beads = Aligner::new().align(&ru, &en);
        let test: Vec<BeadIds> = beads.iter().map(BeadIds::from).collect();
        let g = gold(&ru, &en, &ru_rows, &en_rows);
        if std::env::var("SVERKA_WMT_DUMP").is_ok() {
            let one = score_coarse(&[(g.clone(), test.clone())]);
            if one.f1 < 0.7 && ru.len() < 40 {
                eprintln!("=== F1 {:.3}", one.f1);
                for b in &beads {
                    let r: Vec<String> =
                        b.ru.clone()
                            .map(|i| ru.sentence_text(i).chars().take(60).collect())
                            .collect();
                    let e: Vec<String> =
                        b.en.clone()
                            .map(|i| en.sentence_text(i).chars().take(60).collect())
                            .collect();
                    let ok = g.iter().any(|x| {
                        x.ru == b.ru.clone().collect::<Vec<_>>()
                            && x.en == b.en.clone().collect::<Vec<_>>()
                    });
                    eprintln!(
                        "{} {:.3} {:?}:{:?}\n   RU {:?}\n   EN {:?}",
                        if ok { "  " } else { "XX" },
                        b.score,
                        b.ru,
                        b.en,
                        r,
                        e
                    );
                }
            }
        }
        all.push((g, test));
    }
    let prf = score_coarse(&all);
    eprintln!(
        "WMT ru-en dev ({} documents, {}): coarse P {:.4} R {:.4} F1 {:.4}",
        all.len(),
        if pre { "presegmented" } else { "raw text" },
        prf.precision,
        prf.recall,
        prf.f1
    );
    Some(prf)
}

#[test]
fn wmt_coarse_f1_raw_text() {
    if let Some(prf) = run(false) {
        assert!(prf.f1 >= 0.96, "coarse F1 {:.4} < 0.96", prf.f1);
    }
}

#[test]
fn wmt_coarse_f1_presegmented() {
    if let Some(prf) = run(true) {
        assert!(prf.f1 >= 0.96, "coarse F1 {:.4} < 0.96", prf.f1);
    }
}
