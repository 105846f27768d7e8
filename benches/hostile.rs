//! Adversarial inputs with asserted bounds on time and peak memory (issue 6): each input gets
//! a result or a clear refusal (4xx / exit code 2) within the bound. A counting global
//! allocator measures the peak heap of each case.
//!
//! `cargo bench --bench hostile` (release build). Fails (panics) if a bound is broken.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sverka::{Aligner, Document, Lang};

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator and only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) };
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Runs `f`, prints its time and peak extra heap, and asserts both bounds.
fn bounded<T>(name: &str, max_time: Duration, max_mb: f64, f: impl FnOnce() -> T) -> T {
    let base = NOW.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    let peak_mb = (PEAK.load(Ordering::Relaxed).saturating_sub(base)) as f64 / 1e6;
    println!(
        "{name:<58} {:>9.1} ms  {peak_mb:>7.1} MB peak   (bounds {} ms, {max_mb} MB)",
        took.as_secs_f64() * 1e3,
        max_time.as_millis()
    );
    assert!(took <= max_time, "{name}: {took:?} > {max_time:?}");
    assert!(peak_mb <= max_mb, "{name}: {peak_mb:.1} MB > {max_mb} MB");
    out
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let s = Duration::from_secs;
    let ms = Duration::from_millis;
    // 1 MB line without punctuation: one sentence, aligned against 2,000 English ones.
    let line = "слово другое третье ".repeat(1_000_000 / 38);
    let en: String = (0..2_000).map(|k| format!("Sentence {k} here. ")).collect();
    let en = Document::new(en, Lang::En).unwrap();
    let ru = bounded(
        "segment a 1 MB line without punctuation",
        s(1),
        10.0,
        || Document::new(line.clone(), Lang::Ru).unwrap(),
    );
    assert_eq!(ru.len(), 1);
    bounded(
        "align it against 2,000 English sentences",
        s(3),
        100.0,
        || Aligner::new().align(&ru, &en),
    );
    // 100,000 empty paragraphs (and some around two sentences).
    let empty = format!(
        "{}Одно. Два.{}",
        "\n".repeat(100_000),
        "\r\n\r\n".repeat(50_000)
    );
    let doc = bounded(
        "segment 100,000 empty paragraphs + 50,000 CRLF pairs",
        ms(500),
        10.0,
        || Document::new(empty.clone(), Lang::Ru).unwrap(),
    );
    assert_eq!(doc.len(), 2);
    // NUL bytes everywhere.
    let nul = "Первое\0 предложение.\0 ".repeat(40_000);
    bounded(
        "segment 1 MB with NUL bytes (40,000 sentences)",
        s(2),
        50.0,
        || Document::new(nul.clone(), Lang::Ru).unwrap(),
    );
    // Invalid UTF-8: a clear error naming the line, at once.
    let mut bad = "Хорошая строка.\n".repeat(60_000).into_bytes();
    bad.extend(b"\xff\xfe\n");
    let err = bounded(
        "decode 1.7 MB with invalid UTF-8 at the end",
        ms(200),
        10.0,
        || sverka::text::decode_utf8(bad.clone(), "ru.txt").unwrap_err(),
    );
    assert!(err.to_string().contains("line 60001"), "{err}");
    // Mixed scripts and RTL / direction marks, 1 MB a side; aligned.
    let mixed_ru: String = (0..10_000)
        .map(|k| format!("\u{200f}Слово {k} شيء 中文 \u{202e}evil\u{202c} İß. "))
        .collect();
    let mixed_en: String = (0..10_000)
        .map(|k| format!("\u{200e}Word {k} שלום 日本 ﬁne. "))
        .collect();
    let (ru, en) = bounded(
        "segment 2 × 10,000 mixed-script RTL sentences",
        s(1),
        30.0,
        || {
            (
                Document::new(mixed_ru.clone(), Lang::Ru).unwrap(),
                Document::new(mixed_en.clone(), Lang::En).unwrap(),
            )
        },
    );
    assert!(
        ru.len() >= 9_000 && en.len() >= 9_000,
        "{} {}",
        ru.len(),
        en.len()
    );
    let beads = bounded(
        "align 10,000 × 10,000 mixed-script sentences",
        s(20),
        150.0,
        || Aligner::new().align(&ru, &en),
    );
    assert!(!beads.is_empty());
    // A 10 MB upload: refused with a clear 4xx by the server (one side is > 5 MB).
    let rt = tokio::runtime::Runtime::new().unwrap();
    let status = bounded("POST a 10 MB upload to /documents", s(2), 150.0, || {
        rt.block_on(upload(10_000_000))
    });
    assert!((400..500).contains(&status), "10 MB upload: {status}");
    let status = bounded(
        "POST a 13 MB body (over the request limit)",
        s(2),
        150.0,
        || rt.block_on(upload(13_000_000)),
    );
    assert_eq!(status, 413, "13 MB body");
    // The CLI on invalid UTF-8: exit code 2 and a message naming the line.
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("ru.txt"), dir.path().join("en.txt"));
    std::fs::write(&a, &bad).unwrap();
    std::fs::write(&b, "One.").unwrap();
    let out = bounded(
        "sverka align with invalid UTF-8 (process)",
        s(5),
        5.0,
        || {
            std::process::Command::new(env!("CARGO_BIN_EXE_sverka"))
                .arg("align")
                .args([&a, &b])
                .output()
                .unwrap()
        },
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8"));
    input_files();
}

/// Issue 19: hostile input files (tests/fixtures/input/hostile/, written by
/// scripts/make-fixtures.py) are refused at once, without unpacking or expanding them.
fn input_files() {
    use sverka::input::{AlignmentOptions, ReadOptions, read_alignment, read_bytes};
    let ms = Duration::from_millis;
    let hostile = |name: &str| {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/input/hostile")
                .join(name),
        )
        .unwrap()
    };
    // 64 MiB of XML packed into 64 KiB: refused by its compression ratio after 1 MiB.
    let bomb = hostile("bomb.docx");
    let err = bounded(
        "read a ZIP bomb DOCX (64 KB packed, 64 MB unpacked)",
        ms(500),
        20.0,
        || read_bytes("bomb.docx", &bomb, &ReadOptions::default()).unwrap_err(),
    );
    assert!(err.to_string().contains("ZIP bomb"), "{err}");
    // Nine levels of ten entities each (10^9 "lol"s if expanded): refused unexpanded.
    let laughs = hostile("laughs.tmx");
    let err = bounded("import a billion-laughs TMX", ms(50), 1.0, || {
        read_alignment("laughs.tmx", &laughs, None, &AlignmentOptions::default()).unwrap_err()
    });
    assert!(
        err.to_string().contains("never expands XML entities"),
        "{err}"
    );
    // 200,000 nested <div>s: read in one pass (a tree builder is quadratic in the depth).
    let deep = "<div>".repeat(200_000) + "deep" + &"</div>".repeat(200_000);
    let input = bounded(
        "read HTML of 200,000 nested divs (2.2 MB)",
        ms(1_000),
        50.0,
        || read_bytes("deep.html", deep.as_bytes(), &ReadOptions::default()).unwrap(),
    );
    assert_eq!(input.paragraphs().collect::<Vec<_>>(), ["deep"]);
}

/// Posts `bytes` of Russian text as a new document, signed in as an admin; the status.
async fn upload(bytes: usize) -> u16 {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;
    let mut store = sverka::storage::Store::open_in_memory().unwrap();
    let hash = sverka::review::hash_password("pw", sverka::review::PasswordCost::Low).unwrap();
    let admin = store
        .create_user("ada", &hash, sverka::review::Role::Admin)
        .unwrap();
    let token = "a".repeat(64);
    let csrf = "b".repeat(64);
    store.create_session(&token, admin, &csrf).unwrap();
    let app = sverka::web::router(sverka::web::AppState::new(
        vec![store],
        sverka::web::Config::default(),
    ));
    let boundary = "hostileBoundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nBig\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"en\"\r\n\r\nOne.\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"ru_file\"; filename=\"ru.txt\"\r\n\r\n"
    )
    .into_bytes();
    body.extend("Слово. ".repeat(bytes / 12).as_bytes());
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::post("/documents")
        .header("cookie", format!("sverka_session={token}"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    app.oneshot(req).await.unwrap().status().as_u16()
}
