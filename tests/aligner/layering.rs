//! The layering of `src/`, read from the source text: the web stack stays in the server, SQL in
//! storage, the command line's crates and printing in the program, and the alignment and review
//! logic knows neither storage nor the web.
//!
//! Comments (doc comments included) are not code: a doc comment may name `crate::storage` or
//! show `use sverka::storage::Store;` in an example. String literals are not paths either, but
//! a string is where an environment variable's name would be, so `SVERKA_DEBUG` is looked for
//! in them too.

use std::path::{Path, PathBuf};

/// A rule: a pattern that may appear only in the files `allowed` accepts.
struct Rule {
    /// What the rule keeps where, for the failure message.
    what: &'static str,
    /// Whether a line (comments removed, and with `in_strings == false` string contents
    /// blanked) breaks the rule if it is outside the allowed files.
    found: fn(&str) -> bool,
    /// Whether to look inside string literals.
    in_strings: bool,
    /// The files (paths like `src/web/mod.rs`) where it is allowed.
    allowed: fn(&str) -> bool,
}

/// `path` is in the binary: `src/main.rs` or under `src/cli/`.
fn in_program(path: &str) -> bool {
    path == "src/main.rs" || path.starts_with("src/cli/")
}

const RULES: &[Rule] = &[
    Rule {
        what: "axum, tokio, askama and tower (tower_http) only in src/web/, src/cli/serve.rs \
               and src/main.rs",
        found: |l| {
            ["axum", "tokio", "askama", "tower", "tower_http"]
                .iter()
                .any(|c| uses_crate(l, c))
        },
        in_strings: false,
        allowed: |p| p.starts_with("src/web/") || p == "src/cli/serve.rs" || p == "src/main.rs",
    },
    Rule {
        what: "rusqlite only in src/storage/",
        found: |l| uses_crate(l, "rusqlite") || uses_crate(l, "rusqlite_migration"),
        in_strings: false,
        allowed: |p| p.starts_with("src/storage/"),
    },
    Rule {
        what: "clap and anyhow (and the other crates of the `cli` feature, indicatif and \
               tracing_subscriber) only in src/main.rs and src/cli/",
        found: |l| {
            ["clap", "anyhow", "indicatif", "tracing_subscriber"]
                .iter()
                .any(|c| uses_crate(l, c))
        },
        in_strings: false,
        allowed: in_program,
    },
    Rule {
        what: "println!, eprintln! (and print!, eprint!, dbg!) only in src/main.rs and src/cli/",
        found: |l| {
            ["println", "eprintln", "print", "eprint", "dbg"]
                .iter()
                .any(|m| calls_macro(l, m))
        },
        in_strings: false,
        allowed: in_program,
    },
    Rule {
        what: "SVERKA_DEBUG only in src/main.rs and src/cli/",
        found: |l| l.contains("SVERKA_DEBUG"),
        in_strings: true,
        allowed: in_program,
    },
];

/// The folders whose modules may use neither `crate::storage` nor `crate::web`.
const PURE: [&str; 7] = [
    "src/review/",
    "src/align/",
    "src/score/",
    "src/map/",
    "src/batch/",
    "src/input/",
    "src/qa/",
];

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The byte offsets where `word` occurs in `line` as a whole identifier.
fn word_at(line: &str, word: &str) -> Vec<usize> {
    line.match_indices(word)
        .filter(|&(i, _)| {
            let before = line[..i].chars().next_back();
            let after = line[i + word.len()..].chars().next();
            !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
        })
        .map(|(i, _)| i)
        .collect()
}

/// Whether `line` names the crate `name` as the start of a path (`name::…`, `use name;`,
/// `extern crate name`), not as a field, a module of this crate or part of another path.
fn uses_crate(line: &str, name: &str) -> bool {
    word_at(line, name).into_iter().any(|i| {
        let before = line[..i].trim_end();
        let after = line[i + name.len()..].trim_start();
        // Not `x.name` or `other::name`; `::name` (a path from the extern prelude) is the crate.
        let starts_path = match before.strip_suffix("::") {
            Some(p) => !p
                .chars()
                .next_back()
                .is_some_and(|c| is_ident(c) || c == '>'),
            None => !before.ends_with('.'),
        };
        let as_path = after.starts_with("::");
        let whole =
            after.starts_with(';') && (before.ends_with("use") || before.ends_with("crate"));
        starts_path && (as_path || whole)
    })
}

/// Whether `line` calls the macro `name!`.
fn calls_macro(line: &str, name: &str) -> bool {
    word_at(line, name).into_iter().any(|i| {
        let after = line[i + name.len()..].trim_start();
        after.starts_with('!') && !after.starts_with("!=")
    })
}

/// The lines naming this crate's module `module` by a path from the crate's root or a parent
/// (`crate::storage`, `super::super::web`, `use crate::{lang, storage::Store}` over one or
/// more lines), as 0-based line numbers. `lines` have comments and strings removed.
fn crate_paths_to(lines: &[String], module: &str) -> Vec<usize> {
    let mut hits = Vec::new();
    // Direct paths: `crate::storage`, `super::super::web`.
    for (n, l) in lines.iter().enumerate() {
        for i in word_at(l, module) {
            let Some(prefix) = l[..i].trim_end().strip_suffix("::") else {
                continue;
            };
            let prefix = prefix.trim_end();
            if ["crate", "super"].iter().any(|root| {
                prefix.ends_with(root)
                    && !prefix[..prefix.len() - root.len()]
                        .chars()
                        .next_back()
                        .is_some_and(is_ident)
            }) {
                hits.push(n);
            }
        }
    }
    // Groups: `crate::{…}` and `super::{…}`; a name at the group's first level (after its `{`
    // or a `,`) is a module of the crate (or of the parent).
    let chars: Vec<(usize, char)> = lines
        .iter()
        .enumerate()
        .flat_map(|(n, l)| l.chars().chain(['\n']).map(move |c| (n, c)))
        .collect();
    let text: String = chars.iter().map(|&(_, c)| c).collect();
    let starts: Vec<usize> = text
        .match_indices("::{")
        .filter(|&(i, _)| {
            let before = text[..i].trim_end();
            ["crate", "super"].iter().any(|root| {
                before.ends_with(root)
                    && !before[..before.len() - root.len()]
                        .chars()
                        .next_back()
                        .is_some_and(is_ident)
            })
        })
        // From a byte offset to a char index, past `::{`.
        .map(|(i, _)| text[..i].chars().count() + 3)
        .collect();
    for start in starts {
        let mut depth = 1;
        let mut last = '{';
        let mut j = start;
        while j < chars.len() && depth > 0 {
            let c = chars[j].1;
            if is_ident(c) {
                let end = (j..chars.len())
                    .find(|&k| !is_ident(chars[k].1))
                    .unwrap_or(chars.len());
                let word: String = chars[j..end].iter().map(|&(_, c)| c).collect();
                if depth == 1 && matches!(last, '{' | ',') && word == module {
                    hits.push(chars[j].0);
                }
                last = 'a';
                j = end;
                continue;
            }
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if !c.is_whitespace() {
                last = c;
            }
            j += 1;
        }
    }
    hits.sort_unstable();
    hits.dedup();
    hits
}

/// The lines of Rust source `text` without comments, and the same with the contents of string
/// and character literals blanked (quotes kept). Line breaks stay where they were, so line `n`
/// of either is line `n` of the file.
fn code_lines(text: &str) -> (Vec<String>, Vec<String>) {
    let chars: Vec<char> = text.chars().collect();
    let (mut code, mut bare) = (String::new(), String::new());
    let mut i = 0;
    // Pushes `c` to the code and, or a space for it, to the bare text (line breaks always).
    let push = |code: &mut String, bare: &mut String, c: char, blank: bool| {
        code.push(c);
        bare.push(if blank && c != '\n' { ' ' } else { c });
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let prev_ident = i > 0 && is_ident(chars[i - 1]);
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        push(&mut code, &mut bare, '\n', false);
                    }
                    i += 1;
                }
            }
        } else if let Some((j, hashes)) = raw_string_at(&chars, i).filter(|_| !prev_ident) {
            for &p in &chars[i..=j] {
                push(&mut code, &mut bare, p, false);
            }
            i = j + 1;
            while let Some(&d) = chars.get(i) {
                if d == '"' && (1..=hashes).all(|h| chars.get(i + h) == Some(&'#')) {
                    for &p in &chars[i..=i + hashes] {
                        push(&mut code, &mut bare, p, false);
                    }
                    i += hashes + 1;
                    break;
                }
                push(&mut code, &mut bare, d, true);
                i += 1;
            }
        } else if c == '"' {
            push(&mut code, &mut bare, c, false);
            i += 1;
            while i < chars.len() {
                let d = chars[i];
                if d == '\\' && i + 1 < chars.len() {
                    push(&mut code, &mut bare, d, true);
                    push(&mut code, &mut bare, chars[i + 1], true);
                    i += 2;
                    continue;
                }
                push(&mut code, &mut bare, d, d != '"');
                i += 1;
                if d == '"' {
                    break;
                }
            }
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{1F600}', '"') or a lifetime or label ('a).
            let end = if next == Some('\\') {
                (i + 3..chars.len()).find(|&j| chars[j] == '\'')
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(end) => {
                    push(&mut code, &mut bare, '\'', false);
                    for &p in &chars[i + 1..end] {
                        push(&mut code, &mut bare, p, true);
                    }
                    push(&mut code, &mut bare, '\'', false);
                    i = end + 1;
                }
                None => {
                    push(&mut code, &mut bare, c, false);
                    i += 1;
                }
            }
        } else {
            push(&mut code, &mut bare, c, false);
            i += 1;
        }
    }
    (
        code.split('\n').map(str::to_string).collect(),
        bare.split('\n').map(str::to_string).collect(),
    )
}

/// A raw string starting at `i` (`r"…"`, `r#"…"#`, `br"…"`, `cr#"…"#`): the index of its
/// opening quote and its number of `#`.
fn raw_string_at(chars: &[char], i: usize) -> Option<(usize, usize)> {
    let mut j = match (chars[i], chars.get(i + 1)) {
        ('r', _) => i + 1,
        ('b' | 'c', Some('r')) => i + 2,
        _ => return None,
    };
    let hashes_from = j;
    while chars.get(j) == Some(&'#') {
        j += 1;
    }
    (chars.get(j) == Some(&'"')).then_some((j, j - hashes_from))
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn layering_of_src_holds() {
    // The scanner sees code, not comments, and paths, not strings.
    let sample = "use crate::review; // crate::storage\n\
                  /* axum::Router /* nested */ println!() */ let s = \"tokio::spawn\";\n\
                  let c = '\"'; let r = r#\"rusqlite::Connection\"#; fn f<'a>() {}\n\
                  use crate::{lang, storage::Store};\n\
                  let x = tower_http::trace; eprintln!(\"SVERKA_DEBUG\");";
    let (code, bare) = code_lines(sample);
    assert_eq!(code.len(), 5);
    assert!(!code[0].contains("storage") && !code[1].contains("axum"));
    assert!(code[1].contains("tokio::spawn") && !bare[1].contains("tokio"));
    assert!(!bare[2].contains("rusqlite") && bare[2].contains("fn f<'a>"));
    assert_eq!(crate_paths_to(&bare, "storage"), vec![3]);
    assert!(uses_crate(&bare[4], "tower_http") && !uses_crate(&bare[4], "tower"));
    assert!(uses_crate("use ::axum::Router;", "axum") && !uses_crate("web::axum::X", "axum"));
    assert!(calls_macro(&bare[4], "eprintln") && !bare[4].contains("SVERKA_DEBUG"));
    assert!(code[4].contains("SVERKA_DEBUG"));

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 50, "only {} files under src/", files.len());
    // (file, line, rule) of each fault.
    let mut faults: Vec<(String, usize, &str)> = Vec::new();
    let mut lines_of = std::collections::HashMap::new();
    for file in &files {
        let rel = file
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(file).unwrap();
        let (code, bare) = code_lines(&text);
        for rule in RULES {
            if (rule.allowed)(&rel) {
                continue;
            }
            let lines = if rule.in_strings { &code } else { &bare };
            for (n, line) in lines.iter().enumerate() {
                if (rule.found)(line) {
                    faults.push((rel.clone(), n, rule.what));
                }
            }
        }
        if PURE.iter().any(|d| rel.starts_with(d)) {
            for module in ["storage", "web"] {
                for n in crate_paths_to(&bare, module) {
                    faults.push((
                        rel.clone(),
                        n,
                        "src/review, align, score, map and batch use neither crate::storage \
                         nor crate::web",
                    ));
                }
            }
        }
        lines_of.insert(rel, text);
    }
    faults.sort();
    let report: Vec<String> = faults
        .iter()
        .map(|(rel, n, what)| {
            let line = lines_of[rel].lines().nth(*n).unwrap_or("").trim();
            format!("{rel}:{}: {what}\n    {line}", n + 1)
        })
        .collect();
    assert!(
        report.is_empty(),
        "{} layering fault(s):\n{}",
        report.len(),
        report.join("\n")
    );
}
