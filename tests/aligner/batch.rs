//! Corpus mode: `sverka batch` and `sverka import` run as subprocesses on manifests with good
//! and failing pairs, folders of pairs, shards, and the library's shard assignment.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use sverka::batch::{Manifest, Shard};
use sverka::storage::Store;
use sverka::{Aligner, Document, Lang};

use crate::support::package_path;
use crate::support::run::{command, stderr, stdout, sverka};

const RU_POST: &str = "corpus/digital-resistance.ru.txt";
const EN_POST: &str = "corpus/digital-resistance.en.txt";

/// A small Russian–English pair, different for each `i`: three or four sentences.
fn small_pair(i: usize) -> (String, String) {
    let mut ru = format!(
        "В {} году город построил {} новых школ. Мэр открыл первую из них в сентябре.",
        1990 + i,
        i + 3
    );
    let mut en = format!(
        "In {} the city built {} new schools. The mayor opened the first of them in September.",
        1990 + i,
        i + 3
    );
    if i.is_multiple_of(2) {
        ru.push_str(" Учителя были довольны.\nСледующий отчёт выйдет весной.");
        en.push_str(" The teachers were pleased.\nThe next report comes out in spring.");
    } else {
        ru.push_str(&format!("\nВ школах учатся {} детей.", 100 * i));
        en.push_str(&format!("\n{} children study in the schools.", 100 * i));
    }
    (ru, en)
}

/// Writes `n` small pairs `p00`… into `dir/texts/` and returns the manifest lines for them
/// (paths relative to `dir`).
fn write_small_pairs(dir: &Path, n: usize) -> String {
    fs::create_dir_all(dir.join("texts")).unwrap();
    let mut manifest = String::new();
    for i in 0..n {
        let (ru, en) = small_pair(i);
        let name = format!("p{i:02}");
        fs::write(dir.join(format!("texts/{name}.ru")), ru).unwrap();
        fs::write(dir.join(format!("texts/{name}.en")), en).unwrap();
        manifest.push_str(&format!("{name}\ttexts/{name}.ru\ttexts/{name}.en\n"));
    }
    manifest
}

/// Every file of `dir` by name, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().into_string().unwrap(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The manifest with two good pairs (the bundled post and a small pair), a pair whose Russian
/// file is missing, a pair whose English file is no text (binary data: a Latin-1 text is read
/// since issue 19) and one whose Russian file is blank.
fn mixed_manifest(dir: &Path) -> PathBuf {
    let (ru, en) = small_pair(1);
    fs::write(dir.join("small.ru.txt"), ru).unwrap();
    fs::write(dir.join("small.en.txt"), en).unwrap();
    fs::write(
        dir.join("latin1.en.txt"),
        b"Caf\xe9\0\0\x01\x02 prices rose.\n",
    )
    .unwrap();
    fs::write(dir.join("blank.ru.txt"), "\n  \n").unwrap();
    let manifest = format!(
        "# name\tRussian\tEnglish\npost\t{ru_post}\t{en_post}\nmissing\tnowhere.ru.txt\tsmall.en.txt\n\
         latin1\tsmall.ru.txt\tlatin1.en.txt\nsmall\tsmall.ru.txt\tsmall.en.txt\n\
         blank\tblank.ru.txt\tsmall.en.txt\n",
        ru_post = package_path(RU_POST).display(),
        en_post = package_path(EN_POST).display(),
    );
    let path = dir.join("corpus.tsv");
    fs::write(&path, manifest).unwrap();
    path
}

#[test]
fn failing_pairs_are_reported_and_the_others_written() {
    let tmp = tempfile::tempdir().unwrap();
    let manifest = mixed_manifest(tmp.path());
    let out = tmp.path().join("out");
    let o = sverka(&[
        "batch".as_ref(),
        manifest.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let report = stdout(&o);
    assert!(
        report.contains("pairs: 2 aligned, 3 failed, 5 in all"),
        "{report}"
    );
    assert!(
        report.contains("failed: missing: ") && report.contains("nowhere.ru.txt"),
        "{report}"
    );
    assert!(
        report.contains("failed: latin1: ") && report.contains("is not text"),
        "{report}"
    );
    assert!(stderr(&o).contains("3 of 5 pairs failed"), "{}", stderr(&o));
    assert!(
        report.contains("failed: blank: ") && report.contains("blank.ru.txt is empty"),
        "{report}"
    );
    let written = files(&out);
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        ["post.tsv", "small.tsv"],
        "only the good pairs are written, and no temporary file is left"
    );
    // Each file is what `sverka align` writes for that pair.
    let single = sverka(&["align", RU_POST, EN_POST]);
    assert!(single.status.success());
    assert_eq!(written["post.tsv"], single.stdout);
    let small = sverka(&[
        "align".as_ref(),
        tmp.path().join("small.ru.txt").as_os_str(),
        tmp.path().join("small.en.txt").as_os_str(),
    ]);
    assert_eq!(written["small.tsv"], small.stdout);

    // The summary's figures are those of the two aligned pairs.
    let mut ru_sentences = 0;
    let mut beads = 0;
    for (r, e) in [
        (package_path(RU_POST), package_path(EN_POST)),
        (
            tmp.path().join("small.ru.txt"),
            tmp.path().join("small.en.txt"),
        ),
    ] {
        let ru = Document::new(fs::read_to_string(r).unwrap(), Lang::Ru).unwrap();
        let en = Document::new(fs::read_to_string(e).unwrap(), Lang::En).unwrap();
        ru_sentences += ru.len();
        beads += Aligner::new().align(&ru, &en).len();
    }
    assert!(
        report.contains(&format!("sentences: {ru_sentences} Russian")),
        "{report}"
    );
    assert!(report.contains(&format!("beads: {beads} (")), "{report}");
}

#[test]
fn all_good_pairs_exit_zero_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("m.tsv"), write_small_pairs(tmp.path(), 3)).unwrap();
    for (format, ext) in [
        ("tsv", "tsv"),
        ("json", "json"),
        ("beads", "beads"),
        ("tmx", "tmx"),
    ] {
        let out = tmp.path().join(format!("out-{format}"));
        let o = sverka(&[
            "batch".as_ref(),
            tmp.path().join("m.tsv").as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--format".as_ref(),
            format.as_ref(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        assert!(stderr(&o).is_empty(), "{format}: {}", stderr(&o));
        let names: Vec<String> = files(&out).into_keys().collect();
        assert_eq!(
            names,
            ["p00", "p01", "p02"].map(|n| format!("{n}.{ext}")),
            "{format}"
        );
    }
    // The beads files are the aligner's beads.
    let beads = fs::read_to_string(tmp.path().join("out-beads/p01.beads")).unwrap();
    let (ru, en) = small_pair(1);
    let expected = Aligner::new().align(
        &Document::new(ru, Lang::Ru).unwrap(),
        &Document::new(en, Lang::En).unwrap(),
    );
    assert_eq!(beads.lines().count(), expected.len(), "{beads}");
}

#[test]
fn a_folder_of_pairs_works_as_a_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pairs");
    fs::create_dir_all(&dir).unwrap();
    for i in 0..3 {
        let (ru, en) = small_pair(i);
        fs::write(dir.join(format!("doc{i}.ru.txt")), ru).unwrap();
        fs::write(dir.join(format!("doc{i}.en.txt")), en).unwrap();
    }
    // A Russian file without its English counterpart, and files that are not pairs.
    fs::write(dir.join("orphan.ru.txt"), "Одинокий текст.").unwrap();
    fs::write(dir.join("notes.txt"), "not a pair").unwrap();
    fs::write(dir.join(".hidden.ru.txt"), "Скрыто.").unwrap();
    let out = tmp.path().join("out");
    let o = sverka(&[
        "batch".as_ref(),
        dir.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "-f".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let report = stdout(&o);
    assert!(
        report.contains("pairs: 3 aligned, 1 failed, 4 in all"),
        "{report}"
    );
    assert!(
        report.contains("failed: orphan: ") && report.contains("orphan.en.txt"),
        "{report}"
    );
    let written = files(&out);
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        ["doc0.json", "doc1.json", "doc2.json"]
    );
    let json: serde_json::Value = serde_json::from_slice(&written["doc1.json"]).unwrap();
    assert!(json.is_object(), "{json}");
}

#[test]
fn shards_are_disjoint_and_cover_the_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let n_pairs = 13;
    let manifest = tmp.path().join("m.tsv");
    fs::write(&manifest, write_small_pairs(tmp.path(), n_pairs)).unwrap();
    let whole_dir = tmp.path().join("whole");
    let o = sverka(&[
        "batch".as_ref(),
        manifest.as_os_str(),
        "--out".as_ref(),
        whole_dir.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let whole = files(&whole_dir);
    assert_eq!(whole.len(), n_pairs);

    let n = 3;
    let mut union = BTreeMap::new();
    let mut nonempty = 0;
    for i in 1..=n {
        let dir = tmp.path().join(format!("shard{i}"));
        let o = sverka(&[
            "batch".as_ref(),
            manifest.as_os_str(),
            "--out".as_ref(),
            dir.as_os_str(),
            "--shard".as_ref(),
            format!("{i}/{n}").as_ref(),
            "--jobs".as_ref(),
            "1".as_ref(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stdout(&o).starts_with(&format!("shard: {i}/{n}\n")),
            "{}",
            stdout(&o)
        );
        let part = files(&dir);
        nonempty += usize::from(!part.is_empty());
        for (name, bytes) in part {
            assert!(
                union.insert(name.clone(), bytes).is_none(),
                "{name} is in two shards"
            );
        }
    }
    assert!(nonempty >= 2, "13 pairs all fell in one shard");
    assert_eq!(
        union, whole,
        "the shards together are the whole run, byte for byte"
    );
}

#[test]
fn shard_membership_does_not_depend_on_manifest_order() {
    let lines: Vec<String> = (0..40).map(|i| format!("doc-{i}\ta\tb")).collect();
    let forward = Manifest::parse(&lines.join("\n"), Path::new(""), "m").unwrap();
    let mut reversed_lines = lines.clone();
    reversed_lines.reverse();
    let reversed = Manifest::parse(&reversed_lines.join("\n"), Path::new(""), "m").unwrap();
    // A smaller manifest: shards are stable when pairs are added or removed.
    let half = Manifest::parse(&lines[..20].join("\n"), Path::new(""), "m").unwrap();
    for i in 1..=4 {
        let shard = Shard::new(i, 4).unwrap();
        let names = |m: &Manifest| {
            let mut v: Vec<String> = m
                .clone()
                .shard(shard)
                .pairs()
                .iter()
                .map(|p| p.name.clone())
                .collect();
            v.sort();
            v
        };
        let f = names(&forward);
        assert_eq!(f, names(&reversed), "shard {shard}");
        let h = names(&half);
        assert!(
            h.iter().all(|n| f.contains(n)),
            "shard {shard}: {h:?} ⊄ {f:?}"
        );
        assert!(!f.is_empty(), "shard {shard} of 40 names is empty");
    }
}

#[test]
fn output_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let manifest = tmp.path().join("m.tsv");
    let mut lines = write_small_pairs(tmp.path(), 6);
    lines.push_str(&format!(
        "post\t{}\t{}\n",
        package_path(RU_POST).display(),
        package_path(EN_POST).display()
    ));
    fs::write(&manifest, lines).unwrap();
    let mut runs = Vec::new();
    for (k, jobs) in ["2", "1", "2"].into_iter().enumerate() {
        let dir = tmp.path().join(format!("run{k}"));
        let o = sverka(&[
            "batch".as_ref(),
            manifest.as_os_str(),
            "--out".as_ref(),
            dir.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
            "--jobs".as_ref(),
            jobs.as_ref(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        runs.push((files(&dir), stdout(&o)));
    }
    assert_eq!(runs[0].0.len(), 7);
    assert_eq!(runs[0], runs[1], "1 thread and 2 threads differ");
    assert_eq!(runs[0], runs[2], "two runs differ");
    // Rerunning into the same folder replaces the files with the same bytes.
    let again = tmp.path().join("run0");
    let o = sverka(&[
        "batch".as_ref(),
        manifest.as_os_str(),
        "--out".as_ref(),
        again.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert!(o.status.success());
    assert_eq!(files(&again), runs[0].0);
}

/// Runs `sverka batch` on a manifest with `text` and returns the error message; checks exit
/// code 2, no panic and no output folder.
fn usage_error(text: impl AsRef<[u8]>) -> String {
    let text = text.as_ref();
    let tmp = tempfile::tempdir().unwrap();
    let manifest = tmp.path().join("bad.tsv");
    fs::write(&manifest, text).unwrap();
    let out = tmp.path().join("out");
    let o = sverka(&[
        "batch".as_ref(),
        manifest.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{text:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(o.stdout.is_empty(), "{text:?}: {}", stdout(&o));
    assert!(
        !out.exists(),
        "{text:?}: output written despite the usage error"
    );
    err
}

#[test]
fn malformed_manifest_lines_exit_2_with_their_number() {
    let err = usage_error("a\ta.ru\ta.en\n\n# fine\nb\tb.ru\n");
    assert!(
        err.contains("bad.tsv, line 4: expected 3 tab-separated fields"),
        "{err}"
    );
    let err = usage_error("a\ta.ru\ta.en\n../escape\tb.ru\tb.en\n");
    assert!(
        err.contains("line 2") && err.contains("may not contain /"),
        "{err}"
    );
    let err = usage_error("..\ta.ru\ta.en\n");
    assert!(err.contains("line 1") && err.contains("dot"), "{err}");
    let err = usage_error("a\ta.ru\ta.en\nb\tb.ru\tb.en\na\tc.ru\tc.en\n");
    assert!(
        err.contains("line 3") && err.contains("already used on line 1"),
        "{err}"
    );
    let err = usage_error("# nothing here\n\n");
    assert!(err.contains("lists no pair"), "{err}");
    let err = usage_error(b"a\ta.ru\t\xff.en\n");
    assert!(err.contains("not UTF-8"), "{err}");
}

#[test]
fn bad_arguments_exit_2() {
    for shard in ["0/3", "4/3", "x"] {
        let o = sverka(&["batch", "m.tsv", "--out", "o", "--shard", shard]);
        assert_eq!(o.status.code(), Some(2), "{shard}");
    }
    let o = sverka(&["batch", "no-such-manifest.tsv", "--out", "o"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no-such-manifest.tsv"),
        "{}",
        stderr(&o)
    );
    // The output folder is a file.
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("m.tsv"), write_small_pairs(tmp.path(), 1)).unwrap();
    fs::write(tmp.path().join("file"), "").unwrap();
    let o = sverka(&[
        "batch".as_ref(),
        tmp.path().join("m.tsv").as_os_str(),
        "--out".as_ref(),
        tmp.path().join("file").as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("output folder"), "{}", stderr(&o));
}

#[test]
fn import_is_idempotent_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let manifest = mixed_manifest(tmp.path());
    let db = tmp.path().join("review.db");
    let import = || {
        sverka(&[
            "import".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            manifest.as_os_str(),
        ])
    };
    let first = import();
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    assert!(
        stdout(&first).contains("pairs: 2 imported, 0 already in"),
        "{}",
        stdout(&first)
    );
    assert!(
        stdout(&first).contains("failed: latin1: "),
        "{}",
        stdout(&first)
    );
    let second = import();
    assert_eq!(second.status.code(), Some(1));
    assert!(
        stdout(&second).contains("pairs: 0 imported, 2 already in"),
        "{}",
        stdout(&second)
    );

    let store = Store::open(&db).unwrap();
    let docs = store.documents().unwrap();
    let mut titles: Vec<&str> = docs.iter().map(|d| d.title.as_str()).collect();
    titles.sort();
    assert_eq!(titles, ["post", "small"]);
    // The stored alignment is the aligner's.
    let id = store.document_by_title("small").unwrap().unwrap();
    let (ru, en) = small_pair(1);
    let ru = Document::new(ru, Lang::Ru).unwrap();
    let en = Document::new(en, Lang::En).unwrap();
    let expected = Aligner::new().align(&ru, &en);
    let stored = store.beads(id).unwrap();
    assert_eq!(stored.len(), expected.len());
    for (s, e) in stored.iter().zip(&expected) {
        assert_eq!(
            (s.span.ru.clone(), s.span.en.clone()),
            (e.span.ru.clone(), e.span.en.clone())
        );
    }
    drop(store);

    // `sverka export` reads an imported document like any other.
    let o = sverka(&[
        "export".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "--doc".as_ref(),
        id.to_string().as_ref(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let aligned = sverka(&[
        "align".as_ref(),
        tmp.path().join("small.ru.txt").as_os_str(),
        tmp.path().join("small.en.txt").as_os_str(),
    ]);
    assert_eq!(stdout(&o), stdout(&aligned));

    // A shard imports only its own pairs, and nothing twice.
    let good = tmp.path().join("good.tsv");
    fs::write(&good, write_small_pairs(tmp.path(), 6)).unwrap();
    for i in [1, 2, 1] {
        let o = sverka(&[
            "import".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            good.as_os_str(),
            "--shard".as_ref(),
            format!("{i}/2").as_ref(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    assert_eq!(Store::open(&db).unwrap().documents().unwrap().len(), 2 + 6);
}

#[test]
fn a_killed_run_leaves_no_partial_file() {
    let tmp = tempfile::tempdir().unwrap();
    let manifest = tmp.path().join("m.tsv");
    let lines: String = (0..300)
        .map(|i| {
            format!(
                "post{i:03}\t{}\t{}\n",
                package_path(RU_POST).display(),
                package_path(EN_POST).display()
            )
        })
        .collect();
    fs::write(&manifest, lines).unwrap();
    let expected = sverka(&["align", "--format", "json", RU_POST, EN_POST]).stdout;
    let out = tmp.path().join("out");
    let mut child = command(&[
        "batch".as_ref(),
        manifest.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ])
    .args(["--format", "json", "--jobs", "2", "--quiet"])
    .stdout(std::process::Stdio::null())
    .spawn()
    .unwrap();
    // Kill it once some files are written, in the middle of the run.
    let start = std::time::Instant::now();
    while fs::read_dir(&out).map_or(0, |d| d.count()) < 5 {
        assert!(start.elapsed().as_secs() < 60, "no output after a minute");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let written = files(&out);
    let finals: Vec<&String> = written.keys().filter(|n| !n.starts_with('.')).collect();
    assert!(!finals.is_empty());
    assert!(finals.len() < 300, "the run finished before it was killed");
    for name in finals {
        assert!(written[name] == expected, "{name} is not the whole output");
    }
    // Temporary files are hidden and named after their pair.
    for name in written.keys().filter(|n| n.starts_with('.')) {
        assert!(
            name.starts_with(".post") && name.ends_with(".tmp"),
            "{name}"
        );
    }
}

#[test]
fn import_reads_the_json_that_batch_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let manifest = tmp.path().join("m.tsv");
    let mut lines = write_small_pairs(tmp.path(), 4);
    lines.push_str(&format!(
        "post\t{}\t{}\n",
        package_path(RU_POST).display(),
        package_path(EN_POST).display()
    ));
    fs::write(&manifest, lines).unwrap();
    let aligned = tmp.path().join("aligned");
    let o = sverka(&[
        "batch".as_ref(),
        manifest.as_os_str(),
        "--out".as_ref(),
        aligned.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Spoil three outputs: one removed, one with a bead skipping a sentence, one not JSON.
    fs::remove_file(aligned.join("p00.json")).unwrap();
    let mut json: serde_json::Value =
        serde_json::from_slice(&fs::read(aligned.join("p01.json")).unwrap()).unwrap();
    json["beads"].as_array_mut().unwrap().remove(1);
    fs::write(aligned.join("p01.json"), json.to_string()).unwrap();
    fs::write(aligned.join("p02.json"), "[1, 2").unwrap();

    let db = tmp.path().join("review.db");
    let import = || {
        sverka(&[
            "import".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            "--aligned".as_ref(),
            aligned.as_os_str(),
            manifest.as_os_str(),
        ])
    };
    let o = import();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let report = stdout(&o);
    assert!(
        report.contains("pairs: 2 imported, 0 already in"),
        "{report}"
    );
    assert!(
        report.contains("failed: p00: ") && report.contains("p00.json"),
        "{report}"
    );
    assert!(
        report.contains("failed: p01: the alignment is not valid"),
        "{report}"
    );
    assert!(
        report.contains("failed: p02: ") && report.contains("not an aligned pair in JSON"),
        "{report}"
    );
    let o = import();
    assert!(
        stdout(&o).contains("pairs: 0 imported, 2 already in"),
        "{}",
        stdout(&o)
    );

    // The stored documents are exactly what aligning them gives.
    let store = Store::open(&db).unwrap();
    assert_eq!(store.documents().unwrap().len(), 2);
    for name in ["p03", "post"] {
        let id = store.document_by_title(name).unwrap().unwrap();
        let (ru, en) = if name == "post" {
            (
                fs::read_to_string(package_path(RU_POST)).unwrap(),
                fs::read_to_string(package_path(EN_POST)).unwrap(),
            )
        } else {
            small_pair(3)
        };
        let ru = Document::new(ru, Lang::Ru).unwrap();
        let en = Document::new(en, Lang::En).unwrap();
        let expected = Aligner::new().align(&ru, &en);
        let stored = store.applied(id).unwrap();
        assert_eq!(stored.beads, expected, "{name}");
        let texts = |d: &Document| {
            (0..d.len())
                .map(|i| d.sentence_text(i).to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(&stored.ru), texts(&ru), "{name}");
        assert_eq!(texts(&stored.en), texts(&en), "{name}");
    }
}
