//! Tests of the Russian–English lexicon: the bundled OpenRussian data, user dictionaries in
//! TSV, hunalign and dictd formats, and the lexicon's coverage of real news text.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use sverka::lexicon::Lexicon;
use sverka::lexicon::stopwords::is_function_word;
use sverka::text::{TokenKind, stem, tokens};
use sverka::{Error, Lang};

use crate::support::data::data_dir;

fn ru(word: &str) -> String {
    stem(word, Lang::Ru)
}

fn en(word: &str) -> String {
    stem(word, Lang::En)
}

fn translations(lex: &Lexicon, ru_word: &str) -> Vec<String> {
    lex.translations(&ru(ru_word)).map(str::to_string).collect()
}

#[test]
fn builtin_knows_common_news_words() {
    let lex = Lexicon::builtin();
    for (r, e) in [
        ("миллион", "million"),
        ("доллар", "dollar"),
        ("пользователь", "user"),
        ("рынок", "market"),
        ("свобода", "freedom"),
        ("блокировка", "block"),
        ("заблокировать", "block"),
        ("пожертвование", "donation"),
        // OpenRussian's first sense of пожертвовать is "endow"; sverka adds "donate".
        ("пожертвовать", "endow"),
        ("пожертвовать", "donate"),
        ("быть", "be"),
        ("и", "and"),
    ] {
        assert!(
            lex.has_translation(&ru(r), &en(e)),
            "{r} → {e}: has {:?}",
            translations(lex, r)
        );
    }
    assert!(!lex.has_translation(&ru("рынок"), &en("freedom")));
    assert!(lex.len() > 35_000, "{} Russian stems", lex.len());
}

/// Every sense of sverka's own supplement `corpus/lexicon/senses.tsv` is in the builtin:
/// each line, read as a user dictionary would be, gives pairs the builtin has. (Idioms of
/// function words are left out: the build drops them when the OpenRussian data gives the
/// headword another gloss.)
#[test]
fn builtin_has_every_sense_of_senses_tsv() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/lexicon/senses.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let lex = Lexicon::builtin();
    let mut pairs = 0;
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let (r, senses) = line.split_once('\t').unwrap();
        let mut one = Lexicon::empty();
        one.insert(r, senses);
        for key in one.ru_stems() {
            for e in one.translations(key) {
                if is_function_word(e, Lang::En) {
                    continue;
                }
                assert!(
                    lex.has_translation(key, e),
                    "{key} → {e} ({line:?}): has {:?}",
                    lex.translations(key).collect::<Vec<_>>()
                );
                pairs += 1;
            }
        }
    }
    assert!(pairs >= 5, "{pairs}");
    assert!(lex.has_translation(&ru("городах"), &en("cities")));
    assert!(lex.has_translation(&ru("рассказал"), &en("told")));
}

/// Words of English idioms and light-verb phrases are no translations of their own:
/// `там` is glossed "there, later, by and by", `нужно` "you should", `тоже` "as well",
/// `устать` "get tired", `закончиться` "come to an end". Real translations stay.
#[test]
fn builtin_has_no_spurious_idiom_words() {
    let lex = Lexicon::builtin();
    for (r, e) in [
        ("там", "and"),
        ("там", "by"),
        ("пор", "and"),
        ("тоже", "well"),
        ("также", "well"),
        ("нужна", "you"),
        ("нужно", "one"),
        ("хотя", "you"),
        ("уставшими", "get"),
        ("закончится", "come"),
        // `не за что` (you're welcome) is an idiom of function words.
        ("не", "welcome"),
        ("не", "mention"),
        ("что", "welcome"),
    ] {
        assert!(
            !lex.has_translation(&ru(r), &en(e)),
            "{r} → {e}: {:?}",
            translations(lex, r)
        );
    }
    for (r, e) in [
        ("рынок", "market"),
        ("миллион", "million"),
        ("там", "there"),
        ("тоже", "too"),
        ("нужно", "should"),
        ("можно", "can"),
        ("уставшими", "tired"),
        ("закончится", "end"),
        ("участвовать", "participate"),
        ("из-за", "because"),
        ("из", "out"),
    ] {
        assert!(
            lex.has_translation(&ru(r), &en(e)),
            "{r} → {e}: {:?}",
            translations(lex, r)
        );
    }
}

#[test]
fn builtin_lookups_work_on_inflected_forms() {
    let lex = Lexicon::builtin();
    for (word, english) in [
        ("миллионы", "millions"),
        ("миллионов", "million"),
        ("долларов", "dollars"),
        ("пользователей", "users"),
        ("рынках", "markets"),
        ("свободы", "freedom"),
        ("пожертвования", "donations"),
        // Snowball leaves the past of a one-syllable verb stem whole: знал, ждала.
        ("знал", "knew"),
        ("ждала", "waited"),
        ("жили", "lived"),
        // A genitive plural with a fleeting vowel: кошка, кошек; ложка, ложек; сумка, сумок.
        ("кошек", "cats"),
        ("ложек", "spoons"),
        ("сумок", "bags"),
    ] {
        let t = translations(lex, word);
        assert!(t.contains(&en(english)), "{word}: {t:?} lacks {english}");
        assert!(lex.translations_of_word(word).any(|e| e == en(english)));
    }
}

/// Snowball stems она, оно and они to он, and неё to не: looked up as written, a pronoun
/// keeps its own meaning only.
#[test]
fn pronouns_are_looked_up_as_written() {
    let lex = Lexicon::builtin();
    let of = |word: &str| -> Vec<&str> { lex.translations_of_word(word).collect() };
    for (word, right, wrong) in [
        ("она", "she", "he"),
        ("Они", "they", "she"),
        ("неё", "her", "not"),
        ("ему", "him", "eat"),
        ("нам", "us", "wash"),
    ] {
        let t = of(word);
        assert!(
            t.contains(&en(right).as_str()),
            "{word}: {t:?} lacks {right}"
        );
        assert!(
            !t.contains(&en(wrong).as_str()),
            "{word}: {t:?} has {wrong}"
        );
        // The stem alone still gives the other words' translations.
        assert!(translations(lex, word).contains(&en(wrong)), "{word}");
    }
}

#[test]
fn builtin_all_senses_of_function_words() {
    let lex = Lexicon::builtin();
    let t = translations(lex, "в");
    for e in ["in", "at", "into"] {
        assert!(t.contains(&en(e)), "в: {t:?}");
    }
    // "to be" is stored as "be", "to take" as "take".
    assert!(lex.has_translation(&ru("принять"), "take"));
    assert!(!lex.has_translation(&ru("принять"), "to"));
}

#[test]
fn builtin_is_the_same_as_a_fresh_load() {
    let fresh = Lexicon::load_builtin();
    let shared = Lexicon::builtin();
    assert_eq!(fresh.len(), shared.len());
    assert_eq!(fresh.pair_count(), shared.pair_count());
}

/// The shipped table stores final stems, computed by the build script's own port of the
/// stemmers; they must agree with `sverka::text::stem`, or lookups of running text would
/// miss. Each English stem either is its own stem or names a word that stems to it.
/// (The Russian keys are checked against sverka's own derivation in the lexicon's unit
/// tests, which rerun the script on the OpenRussian data.)
#[test]
fn shipped_stems_are_sverkas_stems() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/lexicon/openrussian.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines().skip_while(|l| l.starts_with('#'));
    let counts = lines.next().unwrap().strip_prefix('=').unwrap();
    let (en_len, ru_len) = counts.split_once('\t').unwrap();
    let (en_len, ru_len): (usize, usize) = (en_len.parse().unwrap(), ru_len.parse().unwrap());
    let builtin = Lexicon::builtin();
    let mut with_word = 0;
    for (id, line) in lines.by_ref().take(en_len).enumerate() {
        let line = line.strip_prefix('@').unwrap();
        let (stored, word) = line.split_once('\t').unwrap_or((line, line));
        assert_eq!(stored, en(word), "{line:?}");
        assert_eq!(builtin.en_stem(id as u32), Some(stored));
        with_word += usize::from(stored != word);
    }
    assert!(with_word > 9_000, "{with_word}");
    let mut keys = 0;
    for line in lines {
        let (key, ids) = line.split_once('\t').unwrap();
        assert!(!key.is_empty() && !ids.is_empty(), "{line:?}");
        assert!(builtin.contains(key), "{key}");
        keys += 1;
    }
    assert_eq!(keys, ru_len);
    assert!(keys > 44_000 && builtin.len() - keys < 100, "{keys}");
}

fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn malformed_line(err: Error) -> (String, usize) {
    match err {
        Error::Malformed { what, line, .. } => (what, line),
        other => panic!("expected Malformed, got {other:?}"),
    }
}

#[test]
fn tsv_dictionaries() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "terms.tsv",
        "# my terms\n\nблокчейн\tblockchain\textra column\nto take part\tпринимать участие\nкот\tcat; tomcat (male)\nbook\tbook\n"
            .as_bytes(),
    );
    let lex = Lexicon::load(&path).unwrap();
    assert!(lex.has_translation(&ru("блокчейна"), "blockchain"));
    assert!(!lex.has_translation(&ru("блокчейн"), &en("extra")));
    assert!(lex.has_translation(&ru("участия"), "part"));
    assert!(lex.has_translation(&ru("принимали"), "take"));
    assert_eq!(translations(&lex, "кот"), ["cat", "tomcat"]);
    assert_eq!(lex.len(), 4, "the Latin-only line is skipped");

    let bad = write(
        dir.path(),
        "bad.tsv",
        "кот\tcat\n# note\nсобака dog\n".as_bytes(),
    );
    let (what, line) = malformed_line(Lexicon::load(&bad).unwrap_err());
    assert_eq!((what.ends_with("bad.tsv"), line), (true, 3));

    let empty = write(dir.path(), "empty.tsv", "кот\tcat\nсобака\t\n".as_bytes());
    assert_eq!(malformed_line(Lexicon::load(&empty).unwrap_err()).1, 2);
}

#[test]
fn hunalign_dictionaries() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "hu.dic",
        "take part @ принимать участие\nmarket @ рынок\nрынок @ marketplace\n".as_bytes(),
    );
    let lex = Lexicon::load(&path).unwrap();
    assert!(lex.has_translation(&ru("рынка"), "market"));
    assert!(lex.has_translation(&ru("рынка"), "marketplac"));
    assert!(lex.has_translation(&ru("участие"), "take"));

    let bad = write(
        dir.path(),
        "bad.txt",
        "market @ рынок\n\nmarket - рынок\n".as_bytes(),
    );
    let (what, line) = malformed_line(Lexicon::load(&bad).unwrap_err());
    assert!(what.ends_with("bad.txt"));
    assert_eq!(line, 3);
}

#[test]
fn load_errors() {
    let dir = tempfile::tempdir().unwrap();
    match Lexicon::load(&dir.path().join("missing.tsv")).unwrap_err() {
        Error::Read { path, .. } => assert!(path.ends_with("missing.tsv")),
        other => panic!("expected Io, got {other:?}"),
    }
    match Lexicon::load(&dir.path().join("missing.index")).unwrap_err() {
        Error::Read { path, .. } => assert!(path.ends_with("missing.index")),
        other => panic!("expected Io, got {other:?}"),
    }
    let latin1 = write(dir.path(), "latin1.tsv", b"cat\tchat\ncaf\xe9\tcoffee\n");
    match Lexicon::load(&latin1).unwrap_err() {
        Error::NotUtf8 { line, .. } => assert_eq!(line, 2),
        other => panic!("expected NotUtf8, got {other:?}"),
    }
    let prose = write(dir.path(), "prose.txt", "Это просто текст.\n".as_bytes());
    assert_eq!(malformed_line(Lexicon::load(&prose).unwrap_err()).1, 1);
    let german = write(
        dir.path(),
        "de-en.tsv",
        "# de-en\nKatze\tcat\nHund\tdog\n".as_bytes(),
    );
    assert_eq!(malformed_line(Lexicon::load(&german).unwrap_err()).1, 2);
    let empty = write(dir.path(), "empty.tsv", "# nothing yet\n\n".as_bytes());
    assert!(Lexicon::load(&empty).unwrap().is_empty());
}

#[test]
fn merge_adds_a_user_dictionary_to_the_builtin() {
    let mut lex = Lexicon::builtin().clone();
    let before = lex.pair_count();
    let mut user = Lexicon::empty();
    user.insert("блокировать", "to ban");
    user.insert("рынок", "market");
    // рынок → market is known; блокировать → ban is new, under two stems (блокирова:
    // блокировали, and блокир: блокирует).
    let new = user
        .ru_stems()
        .flat_map(|r| user.translations(r).map(move |e| (r, e)))
        .filter(|(r, e)| !lex.has_translation(r, e))
        .count();
    assert_eq!(new, 2);
    assert!(!lex.has_translation(&ru("блокировали"), &en("banned")));
    lex.merge(&user);
    assert_eq!(lex.pair_count(), before + new);
    assert!(lex.has_translation(&ru("блокировали"), &en("banned")));
    assert!(lex.has_translation(&ru("блокирует"), &en("bans")));
    assert!(lex.has_translation(&ru("блокировали"), &en("blockade")));
    assert!(lex.has_translation(&ru("рынке"), &en("market")));
}

/// dictd's base64: `A-Za-z0-9+/` are digits 0..63, most significant first.
fn dictd_b64(mut n: usize) -> String {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 64]);
        n /= 64;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

/// Writes `NAME.index`, `NAME.dict` and `NAME.dict.dz` for `entries` (headword → body) the
/// way dictfmt does, with a `00-database-info` entry first.
fn write_dictd(dir: &Path, name: &str, entries: &BTreeMap<String, String>) {
    let mut dict = Vec::new();
    let mut index = String::new();
    let mut add = |head: &str, body: &str, dict: &mut Vec<u8>| {
        let offset = dict.len();
        dict.extend_from_slice(body.as_bytes());
        index.push_str(&format!(
            "{head}\t{}\t{}\n",
            dictd_b64(offset),
            dictd_b64(body.len())
        ));
    };
    add(
        "00-database-info",
        "00-database-info\nA test dictionary, кот\n",
        &mut dict,
    );
    for (head, body) in entries {
        add(head, body, &mut dict);
    }
    std::fs::write(dir.join(format!("{name}.index")), index).unwrap();
    std::fs::write(dir.join(format!("{name}.dict")), &dict).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&dict).unwrap();
    std::fs::write(dir.join(format!("{name}.dict.dz")), gz.finish().unwrap()).unwrap();
}

#[test]
fn dictd_dictionary_built_from_freedict() {
    let Some(dict) = data_dir("dict") else {
        return;
    };
    let tsv = dict.join("freedict-eng-rus.tsv");
    let text = std::fs::read_to_string(tsv).unwrap();
    // headword → sense → translations, then entries like dictd's "a /ə/\n1. в, на\n2. кто-то\n".
    let mut senses: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    let mut expected = Vec::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (head, sense, tr) = (cols[0], cols[1], cols[2]);
        senses
            .entry(head.to_string())
            .or_default()
            .entry(sense.to_string())
            .or_default()
            .push(tr.to_string());
        let simple =
            |s: &str, lang| !s.contains([' ', '(', ',', '‐', '-']) && !is_function_word(s, lang);
        if simple(head, Lang::En)
            && simple(tr, Lang::Ru)
            && head.chars().all(|c| c.is_ascii_alphabetic())
        {
            expected.push((ru(tr), en(head)));
        }
    }
    let entries: BTreeMap<String, String> = senses
        .iter()
        .map(|(head, senses)| {
            let mut body = format!("{head} /ˈtɛst/\n");
            for (sense, trs) in senses {
                if sense == "0" {
                    body.push_str(&format!("{}\n", trs.join(", ")));
                } else {
                    body.push_str(&format!("{sense}. {}\n", trs.join(", ")));
                }
            }
            (head.clone(), body)
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    write_dictd(dir.path(), "freedict-eng-rus", &entries);
    assert!(expected.len() > 1000, "{} simple pairs", expected.len());

    let base = dir.path().join("freedict-eng-rus");
    let by_index = Lexicon::load(&dir.path().join("freedict-eng-rus.index")).unwrap();
    for (r, e) in &expected {
        assert!(
            by_index.has_translation(r, e),
            "{r} → {e}: {:?}",
            by_index.translations(r).collect::<Vec<_>>()
        );
    }
    assert!(
        !by_index.contains(&ru("кот")) || by_index.has_translation(&ru("кот"), "cat"),
        "meta entries are skipped"
    );
    for name in [
        "freedict-eng-rus.dict.dz",
        "freedict-eng-rus.dict",
        "freedict-eng-rus",
    ] {
        let lex = Lexicon::load(&dir.path().join(name)).unwrap();
        assert_eq!(lex.pair_count(), by_index.pair_count(), "{name}");
    }
    // Only the plain .dict present.
    std::fs::remove_file(base.with_extension("dict.dz")).unwrap();
    assert_eq!(
        Lexicon::load(&base).unwrap().pair_count(),
        by_index.pair_count()
    );
}

#[test]
fn dictd_malformed_index_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut entries = BTreeMap::new();
    entries.insert("cat".to_string(), "cat\nкот, кошка\n".to_string());
    write_dictd(dir.path(), "d", &entries);
    let index = dir.path().join("d.index");
    let good = std::fs::read_to_string(&index).unwrap();
    let lex = Lexicon::load(&index).unwrap();
    assert!(lex.has_translation(&ru("кошки"), "cat"));

    std::fs::write(&index, format!("{good}dog\tA*\tB\n")).unwrap();
    let (what, line) = malformed_line(Lexicon::load(&index).unwrap_err());
    assert!(what.ends_with("d.index"));
    assert_eq!(line, 3);
    std::fs::write(&index, format!("{good}dog\tA\n")).unwrap();
    assert_eq!(malformed_line(Lexicon::load(&index).unwrap_err()).1, 3);
    std::fs::write(&index, format!("{good}dog\tZZZZ\tB\n")).unwrap();
    assert_eq!(malformed_line(Lexicon::load(&index).unwrap_err()).1, 3);
}

/// The Debian package `dict-freedict-eng-rus`, when installed (not needed in CI).
#[test]
fn dictd_installed_freedict_if_present() {
    let path = Path::new("/usr/share/dictd/freedict-eng-rus.index");
    if !path.exists() {
        eprintln!("skipped: {} is not installed", path.display());
        return;
    }
    let lex = Lexicon::load(path).unwrap();
    assert!(lex.len() > 1000, "{lex:?}");
    assert!(lex.has_translation(&ru("ждать"), "abid"));
    assert!(lex.has_translation(&ru("азбука"), "abc"));
    assert!(lex.has_translation(&ru("примерно"), "about"));
}

/// Coverage of WMT 2022 ru→en news text: the share of Russian content-word tokens with an
/// entry, and the share whose entry holds a stem of the English reference row.
#[test]
fn coverage_of_wmt_news() {
    let Some(wmt) = data_dir("wmt-ru-en") else {
        return;
    };
    let path = wmt.join("wmttest2022.ru-en.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let lex = Lexicon::builtin();
    let (mut total, mut known, mut matched) = (0usize, 0usize, 0usize);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name| header.iter().position(|h| *h == name).unwrap();
    let (src, reference) = (col("src"), col("ref"));
    for line in lines {
        let cols: Vec<&str> = line.split('\t').collect();
        let (ru_text, en_text) = (cols[src], cols[reference]);
        let en_stems: HashSet<String> = tokens(en_text)
            .iter()
            .filter(|t| t.kind == TokenKind::Latin)
            .map(|t| stem(t.text(en_text), Lang::En))
            .collect();
        for t in tokens(ru_text)
            .iter()
            .filter(|t| t.kind == TokenKind::Cyrillic)
        {
            let s = stem(t.text(ru_text), Lang::Ru);
            if is_function_word(&s, Lang::Ru) {
                continue;
            }
            total += 1;
            if lex.contains(&s) {
                known += 1;
                if lex.translations(&s).any(|e| en_stems.contains(e)) {
                    matched += 1;
                }
            }
        }
    }
    let known_share = known as f64 / total as f64;
    let matched_share = matched as f64 / total as f64;
    eprintln!(
        "coverage: {total} Russian content tokens, {:.1}% with an entry, {:.1}% with a translation in the reference",
        100.0 * known_share,
        100.0 * matched_share
    );
    assert!(total > 15_000, "{total} tokens");
    assert!(known_share > 0.85, "{known_share}");
    assert!(matched_share > 0.49, "{matched_share}");
}

/// The build script makes the bundled table from the OpenRussian data with its own port of
/// sverka's key and stem rules: rerun it (which must give the shipped file byte for byte) and
/// rebuild the table from its normalised headwords with sverka's own code.
#[test]
fn builtin_table_is_sverkas_derivation() {
    let Some(dict) = data_dir("dict") else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let (out, dump) = (dir.path().join("out.tsv"), dir.path().join("dump.tsv"));
    let run = std::process::Command::new("python3")
        .arg(root.join("scripts/build-lexicon.py"))
        .args([dict.as_os_str(), out.as_os_str()])
        .arg("--dump")
        .arg(&dump)
        .output();
    let run = match run {
        Ok(run) => run,
        Err(e) => {
            crate::support::data::missing(&format!("python3 ({e})"));
            return;
        }
    };
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let shipped = std::fs::read(root.join("corpus/lexicon/openrussian.tsv")).unwrap();
    assert!(
        std::fs::read(&out).unwrap() == shipped,
        "scripts/build-lexicon.py no longer makes corpus/lexicon/openrussian.tsv: rerun it"
    );
    let derived = Lexicon::from_normalized_pairs(&std::fs::read_to_string(&dump).unwrap())
        .expect("every line of the dump is a headword and its glosses");
    let builtin = Lexicon::load_builtin();
    assert_eq!(derived.len(), builtin.len());
    assert_eq!(derived.en_len(), builtin.en_len());
    for ru in derived.ru_stems() {
        assert_eq!(
            derived.translations(ru).collect::<Vec<_>>(),
            builtin.translations(ru).collect::<Vec<_>>(),
            "{ru}"
        );
    }
}
