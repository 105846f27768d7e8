//! Issue 19 on the new-document page, through the router: a file per side in every format the
//! readers take aligns to the same beads as the plain text, the notice says how each file was
//! read, hostile files get a 4xx naming the side, the file and the reason and store nothing,
//! and an existing alignment (TMX, TSV, CSV, sverka JSON, a Moses pair) is imported as a
//! document whose beads are the file's units, its origin "imported".

use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use sverka::Span;
use sverka::input::{AlignmentOptions, read_alignment_file, read_moses_files};
use sverka::review::Origin;
use sverka::web::{AppState, Config};

use crate::support::web::{Client, Resp, test_app, without_marks};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/input")
        .join(name)
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The last path component of a fixture name, as a browser sends it.
fn base(name: &str) -> &str {
    name.rsplit('/').next().unwrap()
}

/// An app with the test accounts and the admin signed in, on the new-document page.
async fn admin() -> (Client, AppState) {
    let (app, state, _) = test_app(Config::default());
    let mut ada = Client::signed_in(&app, "ada").await;
    assert_eq!(ada.get("/documents/new").await.status, StatusCode::OK);
    (ada, state)
}

fn document_count(state: &AppState) -> usize {
    state.with_store(|s| s.documents()).unwrap().len()
}

/// The spans of a stored document's beads, in order.
fn spans(state: &AppState, doc: i64) -> Vec<Span> {
    state
        .with_store(|s| s.beads(doc))
        .unwrap()
        .into_iter()
        .map(|b| b.span)
        .collect()
}

/// The id of the document a redirect goes to.
fn doc_id(r: &Resp) -> i64 {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location()
        .strip_prefix("/documents/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not a document: {}", r.location()))
}

/// Uploads the fixtures `ru` and `en` as the two files of a new document titled `title`.
async fn upload(c: &mut Client, title: &str, ru: &str, en: &str) -> Resp {
    let (ru_bytes, en_bytes) = (bytes(ru), bytes(en));
    c.post_multipart(
        "/documents",
        &[("title", title), ("ru", ""), ("en", "")],
        &[
            ("ru_file", base(ru), &ru_bytes),
            ("en_file", base(en), &en_bytes),
        ],
    )
    .await
}

/// The notice of the page a redirect leads to.
async fn notice(c: &mut Client, r: &Resp) -> String {
    let page = c.get(r.location()).await.body;
    let at = page
        .find("class=\"notice flash\"")
        .unwrap_or_else(|| panic!("no notice: {page}"));
    let text = &page[at..];
    text[text.find('>').unwrap() + 1..text.find("</p>").unwrap()].to_string()
}

/// Uploads the pair to a fresh app (so that no twin is found) and returns its beads and notice.
async fn aligned(ru: &str, en: &str) -> (Vec<Span>, String) {
    let (mut ada, state) = admin().await;
    let r = upload(&mut ada, "The post", ru, en).await;
    let id = doc_id(&r);
    let notice = notice(&mut ada, &r).await;
    (spans(&state, id), notice)
}

#[tokio::test]
async fn upload_every_format_aligns_as_the_plain_text() {
    let (expected, notice) = aligned("post.ru.txt", "post.en.txt").await;
    assert!(expected.len() > 10, "{expected:?}");
    assert!(
        notice.ends_with("Read post.ru.txt as UTF-8; read post.en.txt as UTF-8."),
        "{notice}"
    );
    for (ext, described) in [
        ("docx", "a DOCX document"),
        ("odt", "an ODT document"),
        ("epub", "an EPUB book"),
        ("html", "UTF-8"),
        ("md", "UTF-8"),
        ("srt", "UTF-8"),
    ] {
        let (ru, en) = (format!("post.ru.{ext}"), format!("post.en.{ext}"));
        let (beads, notice) = aligned(&ru, &en).await;
        assert_eq!(beads, expected, "{ext}");
        assert!(
            notice.contains(&format!(
                "Read {ru} as {described}; read {en} as {described}."
            )),
            "{ext}: {notice}"
        );
    }
}

#[tokio::test]
async fn upload_every_encoding_aligns_as_utf8_and_is_named() {
    let (expected, _) = aligned("post.ru.txt", "post.en.txt").await;
    for (file, encoding) in [
        ("post.ru.bom.txt", "UTF-8"),
        ("post.ru.utf16le.txt", "UTF-16LE"),
        ("post.ru.utf16be.txt", "UTF-16BE"),
        ("post.ru.cp1251.txt", "windows-1251"),
        ("post.ru.koi8r.txt", "KOI8-R"),
        ("post.ru.cp866.txt", "IBM866"),
    ] {
        let (beads, notice) = aligned(file, "post.en.txt").await;
        assert_eq!(beads, expected, "{file}");
        assert!(
            notice.contains(&format!("Read {file} as {encoding};")),
            "{file}: {notice}"
        );
    }
}

#[tokio::test]
async fn upload_a_file_and_a_pasted_text_mix() {
    let (mut ada, state) = admin().await;
    let docx = bytes("post.ru.docx");
    let en = String::from_utf8(bytes("post.en.txt")).unwrap();
    let r = ada
        .post_multipart(
            "/documents",
            &[("title", "Mixed"), ("ru", ""), ("en", &en)],
            &[("ru_file", "post.ru.docx", &docx)],
        )
        .await;
    let id = doc_id(&r);
    let notice = notice(&mut ada, &r).await;
    assert!(
        notice.ends_with("Read post.ru.docx as a DOCX document."),
        "{notice}"
    );
    let (expected, _) = aligned("post.ru.txt", "post.en.txt").await;
    assert_eq!(spans(&state, id), expected);
}

/// A DOCX of a few kilobytes whose text is over a side's 5 MB: read, then refused by its
/// text's size, naming the side and the file; the typed title and other side are kept.
#[tokio::test]
async fn a_small_docx_with_too_much_text_is_refused_by_its_text() {
    use std::io::Write;
    let (mut ada, state) = admin().await;
    let before = state.with_store(|s| s.documents()).unwrap().len();
    // Words of random letters: text that compresses about as well as prose, so the archive
    // stays under a side's file limit while its text does not.
    let letters: Vec<char> = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя".chars().collect();
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    let mut body = String::new();
    let mut text_bytes = 0;
    while text_bytes < 5_300_000 {
        let mut p = String::new();
        for _ in 0..12 {
            let word: String = (0..2 + next(8))
                .map(|_| letters[next(letters.len())])
                .collect();
            p.push_str(&word);
            p.push(' ');
        }
        p.push('.');
        text_bytes += p.len();
        body.push_str(&format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"));
    }
    let xml = format!(
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut docx = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut docx));
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("[Content_Types].xml", deflated).unwrap();
        zip.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>").unwrap();
        zip.start_file("word/document.xml", deflated).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    assert!(
        docx.len() < 5_000_000,
        "the archive is within a side's file limit: {}",
        docx.len()
    );
    let en = "The cat sleeps on the window, and the dog barks in the yard.";
    let r = ada
        .post_multipart(
            "/documents",
            &[("title", "Big inside"), ("en", en)],
            &[("ru_file", "big.docx", &docx)],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("The Russian file big.docx holds 5.")
            && r.body.contains("MB of text, over the 5 MB limit of a side"),
        "{}",
        r.body
    );
    assert!(r.body.contains("value=\"Big inside\"") && r.body.contains(en));
    assert_eq!(state.with_store(|s| s.documents()).unwrap().len(), before);
}

/// Side files that are refused, with what the page must say about each.
const HOSTILE_SIDES: &[(&str, &str)] = &[
    // The page's 64 MiB limit on what an upload unpacks to refuses it before the ratio does.
    (
        "bomb.docx",
        "its entries unpack to 67109108 bytes, more than the limit of 67108864",
    ),
    ("bomb.docx", "a ZIP bomb?"),
    ("encrypted-entry.docx", "is encrypted (password-protected)"),
    ("password.docx", "is encrypted (password-protected)"),
    ("truncated.docx", "truncated.docx is a damaged archive"),
    ("corrupt.epub", "corrupt.epub is a damaged archive"),
    ("xxe.docx", "sverka never expands XML entities"),
    (
        "odt-named.docx",
        "odt-named.docx is not a DOCX document: it is an ODT document",
    ),
    (
        "docx-named.txt",
        "docx-named.txt is not plain text: it is a DOCX document",
    ),
    (
        "picture.txt",
        "picture.txt is not plain text: it is a PNG picture",
    ),
    (
        "binary.txt",
        "The Russian file binary.txt looks like a binary file, not text",
    ),
    ("bad-cue.srt", "line 6: expected a timing line"),
];

#[tokio::test]
async fn upload_hostile_files_get_a_4xx_with_the_reason_and_store_nothing() {
    let (mut ada, state) = admin().await;
    let before = document_count(&state);
    let en = "The English side stays.";
    for (name, reason) in HOSTILE_SIDES {
        let data = bytes(&format!("hostile/{name}"));
        let r = ada
            .post_multipart(
                "/documents",
                &[("title", "Hostile"), ("ru", ""), ("en", en)],
                &[("ru_file", name, &data)],
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{name}: {}", r.body);
        assert!(
            r.body.contains(reason),
            "{name}: want {reason:?} in {}",
            r.body
        );
        assert!(
            r.body.contains("The Russian file"),
            "{name}: names its side"
        );
        assert!(r.body.contains(name), "{name}: names the file");
        assert!(
            r.body.contains("value=\"Hostile\""),
            "{name}: keeps the title"
        );
        assert!(r.body.contains(en), "{name}: keeps the other side");
    }
    // Broken UTF-8 (mostly UTF-8, a bad byte) is not taken for a legacy encoding.
    let mut broken = "Кошка спит.\nСобака".as_bytes().to_vec();
    broken.extend(b"\xff \xd0\xbb\xd0\xb0\xd0\xb5\xd1\x82.");
    let r = ada
        .post_multipart(
            "/documents",
            &[("title", "Hostile"), ("en", en)],
            &[("ru_file", "broken.txt", &broken)],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains(
            "The Russian file cannot be used: broken.txt is not UTF-8 text (invalid byte on line 2)."
        ),
        "{}",
        r.body
    );
    // A wrong extension on the English side names that side.
    let data = bytes("hostile/odt-named.docx");
    let r = ada
        .post_multipart(
            "/documents",
            &[("title", "Hostile"), ("ru", "Русская сторона."), ("en", "")],
            &[("en_file", "odt-named.docx", &data)],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("The English file cannot be used"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Русская сторона."));
    // An alignment chosen as a side is sent to the import form.
    let r = ada
        .post_multipart(
            "/documents",
            &[("title", "Hostile"), ("en", en)],
            &[("ru_file", "pairs.tsv", &bytes("pairs.tsv"))],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("pairs.tsv is an existing alignment"),
        "{}",
        r.body
    );
    assert_eq!(document_count(&state), before, "nothing was stored");
}

#[tokio::test]
async fn upload_scripts_in_html_are_left_out() {
    let (mut ada, state) = admin().await;
    let html = bytes("hostile/scripts.html");
    let r = ada
        .post_multipart(
            "/documents",
            &[("title", "Scripts"), ("en", "Text. More.")],
            &[("ru_file", "scripts.html", &html)],
        )
        .await;
    let id = doc_id(&r);
    let page = without_marks(&ada.get(&format!("/documents/{id}")).await.body);
    assert!(page.contains("Текст.") && page.contains("Ещё."), "{page}");
    assert!(!page.contains("alert(") && !page.contains("Включите JS"));
    assert_eq!(spans(&state, id).len(), 2);
}

#[tokio::test]
async fn upload_a_file_over_the_side_limit_counts_by_its_size() {
    let (mut ada, state) = admin().await;
    let before = document_count(&state);
    let big = vec![b'a'; sverka::web::MAX_TEXT_BYTES + 1];
    let r = ada
        .post_multipart(
            "/documents",
            &[("title", "Big"), ("en", "One.")],
            &[("ru_file", "big.docx", &big)],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body
            .contains("The Russian file big.docx is 5.0 MB, over the 5 MB limit"),
        "{}",
        r.body
    );
    assert_eq!(document_count(&state), before);
}

/// Imports `files` ((field, fixture) pairs) titled `title`.
async fn import(c: &mut Client, title: &str, files: &[(&str, &str)]) -> Resp {
    let data: Vec<Vec<u8>> = files.iter().map(|(_, f)| bytes(f)).collect();
    let parts: Vec<(&str, &str, &[u8])> = files
        .iter()
        .zip(&data)
        .map(|((field, f), d)| (*field, base(f), d.as_slice()))
        .collect();
    c.post_multipart("/documents/import", &[("title", title)], &parts)
        .await
}

#[tokio::test]
async fn upload_imports_tmx_tsv_csv_and_moses_as_their_units() {
    let (mut ada, state) = admin().await;
    let options = AlignmentOptions::default();
    for (file, format) in [
        ("translate-toolkit.tmx", None),
        ("pairs.tsv", None),
        ("pairs.csv", None),
        ("pairs.ru", Some("moses")),
    ] {
        let (r, expected) = match format {
            None => (
                import(&mut ada, file, &[("alignment", file)]).await,
                read_alignment_file(&fixture(file), None, &options).unwrap(),
            ),
            Some(_) => (
                import(
                    &mut ada,
                    file,
                    &[("moses_ru", "pairs.ru"), ("moses_en", "pairs.en")],
                )
                .await,
                read_moses_files(&fixture("pairs.ru"), &fixture("pairs.en"), &options).unwrap(),
            ),
        };
        let id = doc_id(&r);
        let units: Vec<Span> = expected.beads.iter().map(|b| b.span.clone()).collect();
        assert!(!units.is_empty());
        assert_eq!(spans(&state, id), units, "{file}: one bead per unit");
        assert_eq!(
            state.with_store(|s| s.document_origin(id)).unwrap(),
            Origin::Imported,
            "{file}"
        );
        let notice = notice(&mut ada, &r).await;
        assert!(
            notice.starts_with(&format!("Document “{file}” imported from")),
            "{notice}"
        );
        // It is reviewed like any document: its beads are listed.
        let page = without_marks(&ada.get(&format!("/documents/{id}")).await.body);
        let first = expected.en.sentence_text(0);
        assert!(page.contains(first), "{file}: {first} on the page");
    }
}

#[tokio::test]
async fn upload_imports_sverkas_json_and_splits_units_when_asked() {
    let (app, state, doc) = test_app(Config::default());
    let mut ada = Client::signed_in(&app, "ada").await;
    ada.get("/documents/new").await;
    let json = ada
        .get(&format!("/documents/{doc}/export?format=json"))
        .await
        .bytes;
    let r = ada
        .post_multipart(
            "/documents/import",
            &[("title", "From JSON")],
            &[("alignment", "pair.json", &json)],
        )
        .await;
    let id = doc_id(&r);
    assert_eq!(spans(&state, id), spans(&state, doc));
    // Split: a unit of two sentences a side stays one bead (a 2-2 bead).
    let tsv = "Раз. Два.\tOne. Two.\nТри.\tThree.\n";
    let r = ada
        .post_multipart(
            "/documents/import",
            &[("title", "Split"), ("split", "on")],
            &[("alignment", "split.tsv", tsv.as_bytes())],
        )
        .await;
    let id = doc_id(&r);
    let beads = spans(&state, id);
    assert_eq!(beads.len(), 2);
    assert_eq!((beads[0].ru.clone(), beads[0].en.clone()), (0..2, 0..2));
    // Without a title the file's name is the title.
    let r = ada
        .post_multipart(
            "/documents/import",
            &[("title", "")],
            &[("alignment", "memory.tsv", "Да.\tYes.\n".as_bytes())],
        )
        .await;
    let id = doc_id(&r);
    let title = state.with_store(|s| s.document(id)).unwrap().unwrap().title;
    assert_eq!(title, "memory");
}

/// Alignment imports that are refused, with what the page must say about each.
const HOSTILE_IMPORTS: &[(&[(&str, &str)], &str)] = &[
    (
        &[("alignment", "hostile/no-english.tmx")],
        "no-english.tmx has no en text (languages found: de-DE, ru-RU)",
    ),
    (
        &[("alignment", "hostile/laughs.tmx")],
        "sverka never expands XML entities",
    ),
    (
        &[("alignment", "hostile/xxe.tmx")],
        "sverka never expands XML entities",
    ),
    (
        &[("alignment", "hostile/undefined-entity.tmx")],
        "sverka never expands XML entities",
    ),
    (
        &[("alignment", "hostile/ragged.tsv")],
        "ragged.tsv, row 3: 4 cells where the first row has 2",
    ),
    (
        &[("alignment", "hostile/one-column.csv")],
        "line 1: one cell",
    ),
    (
        &[
            ("moses_ru", "hostile/unequal.ru"),
            ("moses_en", "hostile/unequal.en"),
        ],
        "unequal.ru has 2 lines but unequal.en has 1",
    ),
    (
        &[("alignment", "post.ru.docx")],
        "not an alignment file (give a .tmx, .tsv, .csv or .json file)",
    ),
    (
        &[("moses_ru", "pairs.ru")],
        "A Moses pair needs both files: choose the English one too.",
    ),
    (
        &[("alignment", "pairs.tsv"), ("moses_ru", "pairs.ru")],
        "Choose either one alignment file or the two files of a Moses pair, not both.",
    ),
    (
        &[],
        "Choose an alignment file (TMX, TSV, CSV or sverka JSON), or the two files of a Moses pair.",
    ),
];

#[tokio::test]
async fn upload_hostile_imports_get_a_4xx_naming_the_file_and_store_nothing() {
    let (mut ada, state) = admin().await;
    let before = document_count(&state);
    for (files, reason) in HOSTILE_IMPORTS {
        let r = import(&mut ada, "Kept import title", files).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{files:?}: {}", r.body);
        assert!(
            r.body.contains(reason),
            "{files:?}: want {reason:?} in {}",
            r.body
        );
        assert!(r.body.contains("id=\"import-errors\""));
        assert!(
            r.body.contains("value=\"Kept import title\""),
            "{files:?}: keeps the title"
        );
    }
    assert_eq!(document_count(&state), before, "nothing was stored");
    // A title already used: 409, nothing added.
    let r = import(&mut ada, "Twice", &[("alignment", "pairs.tsv")]).await;
    doc_id(&r);
    let r = import(&mut ada, "Twice", &[("alignment", "pairs.csv")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("A document titled “Twice” is already here"));
    assert_eq!(document_count(&state), before + 1);
}

#[tokio::test]
async fn upload_import_is_for_admins_with_a_csrf_token() {
    let (app, state, _) = test_app(Config::default());
    let before = document_count(&state);
    let tsv = "Да.\tYes.\n".as_bytes();
    let mut rev = Client::signed_in(&app, "rev1").await;
    let r = rev
        .post_multipart(
            "/documents/import",
            &[("title", "Not mine")],
            &[("alignment", "a.tsv", tsv)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut anon = Client::anonymous(&app).await;
    let r = anon
        .post_multipart(
            "/documents/import",
            &[("title", "Not mine")],
            &[("alignment", "a.tsv", tsv)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let mut ada = Client::signed_in(&app, "ada").await;
    ada.csrf = "0".repeat(64);
    let r = ada
        .post_multipart(
            "/documents/import",
            &[("title", "Forged")],
            &[("alignment", "a.tsv", tsv)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(document_count(&state), before);
}
