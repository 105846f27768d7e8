//! Manifests: the list of pairs of a corpus, from a TSV file or a folder of pairs.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

use super::Shard;

/// The extensions of the files a folder manifest pairs (`NAME.ru.EXT`, `NAME.en.EXT`).
pub const FOLDER_EXTENSIONS: &[&str] = &["txt", "docx", "odt", "epub", "html", "htm", "md", "srt"];

/// The pair name and side (0 Russian, 1 English) of a file `NAME.ru.EXT` / `NAME.en.EXT`.
fn pair_file(file: &str) -> Option<(&str, usize)> {
    let (stem, ext) = file.rsplit_once('.')?;
    if !FOLDER_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) {
        return None;
    }
    if let Some(name) = stem.strip_suffix(".ru") {
        Some((name, 0))
    } else {
        stem.strip_suffix(".en").map(|name| (name, 1))
    }
}

/// The longest pair name, in bytes: it must fit in a file name with its extension.
pub const MAX_NAME_BYTES: usize = 200;

/// One document pair of a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The pair's name: the output file is `NAME.EXT` and the review document's title is `NAME`.
    pub name: String,
    /// The Russian text.
    pub ru: PathBuf,
    /// The English text.
    pub en: PathBuf,
}

/// The pairs of a corpus, in manifest order, with unique valid names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    pairs: Vec<Pair>,
}

impl Manifest {
    /// Reads a manifest file, or a folder of `NAME.ru.txt` / `NAME.en.txt` pairs when `path` is
    /// a folder (see [`Manifest::parse`] and [`Manifest::from_dir`]).
    pub fn read(path: &Path) -> Result<Manifest> {
        if path.is_dir() {
            return Manifest::from_dir(path);
        }
        let text = crate::text::read_utf8(path)?;
        let what = path.display().to_string();
        let base = path.parent().unwrap_or(Path::new(""));
        Manifest::parse(&text, base, &what)
    }

    /// Parses manifest text: one `name<TAB>ru_path<TAB>en_path` line per pair; relative paths
    /// are taken from `base` (the manifest's folder). Blank lines and lines starting with `#`
    /// are skipped, and so is a first line `name<TAB>ru<TAB>en` (or `…ru_path…en_path`), a
    /// header. `what` names the manifest in errors.
    ///
    /// Fails with [`Error::Malformed`] naming the line when a line has not three fields, a
    /// field is empty, a name is not valid ([`check_name`]) or is used twice (ignoring case).
    ///
    /// # Example
    /// ```
    /// use std::path::Path;
    /// use sverka::batch::Manifest;
    ///
    /// let m = Manifest::parse("# corpus\na\ta.ru\ta.en\nb\t/data/b.ru\tb.en\n", Path::new("c"), "m.tsv").unwrap();
    /// assert_eq!(m.pairs()[0].ru, Path::new("c/a.ru"));
    /// assert_eq!(m.pairs()[1].ru, Path::new("/data/b.ru"));
    /// let err = Manifest::parse("a\ta.ru\ta.en\nb\tb.ru\n", Path::new(""), "m.tsv").unwrap_err();
    /// assert_eq!(err.to_string(), "m.tsv, line 2: expected 3 tab-separated fields (name, Russian file, English file), found 2");
    /// ```
    pub fn parse(text: &str, base: &Path, what: &str) -> Result<Manifest> {
        let mut pairs = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let number = i + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            let line = if number == 1 {
                line.strip_prefix('\u{feff}').unwrap_or(line)
            } else {
                line
            };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            if number == 1 && is_header(&fields) {
                continue;
            }
            if fields.len() != 3 {
                return Err(Error::malformed(
                    what,
                    number,
                    format!(
                        "expected 3 tab-separated fields (name, Russian file, English file), found {}",
                        fields.len()
                    ),
                ));
            }
            let (name, ru, en) = (fields[0], fields[1], fields[2]);
            check_name(name).map_err(|m| Error::malformed(what, number, m))?;
            if ru.is_empty() || en.is_empty() {
                return Err(Error::malformed(
                    what,
                    number,
                    format!("pair “{name}” has an empty file path"),
                ));
            }
            // Ignoring case, so that two pairs never share a file on a case-insensitive disk.
            if let Some(first) = seen.insert(name.to_lowercase(), number) {
                return Err(Error::malformed(
                    what,
                    number,
                    format!(
                        "the name “{name}” is already used on line {first} (names are compared ignoring case)"
                    ),
                ));
            }
            pairs.push(Pair {
                name: name.to_string(),
                ru: base.join(ru),
                en: base.join(en),
            });
        }
        Ok(Manifest { pairs })
    }

    /// The pairs of a folder: every `NAME.ru.EXT` with its `NAME.en.EXT`, by name, where EXT
    /// is `txt` or another extension of [`FOLDER_EXTENSIONS`] (the two sides of a pair may
    /// differ: `NAME.ru.docx` with `NAME.en.txt`). A file without its counterpart still makes
    /// a pair, which then fails as a missing file (`NAME.LANG.txt`). Hidden files (starting
    /// with `.`) are ignored; a file name that is not a valid pair name is an error, and so is
    /// a side given twice (`NAME.ru.txt` and `NAME.ru.docx`).
    pub fn from_dir(dir: &Path) -> Result<Manifest> {
        let io_err = |source| Error::Read {
            path: dir.to_path_buf(),
            source,
        };
        // name -> (Russian file, English file)
        let mut names: BTreeMap<String, [Option<String>; 2]> = BTreeMap::new();
        for entry in fs::read_dir(dir).map_err(io_err)? {
            let entry = entry.map_err(io_err)?;
            let file = entry.file_name();
            let Some(file) = file.to_str() else {
                continue;
            };
            let Some((name, side)) = pair_file(file) else {
                continue;
            };
            if file.starts_with('.') {
                continue;
            }
            check_name(name).map_err(|m| Error::invalid(&entry.path(), m))?;
            let slot = &mut names.entry(name.to_string()).or_default()[side];
            if let Some(other) = slot {
                return Err(Error::invalid(
                    &entry.path(),
                    format!("the pair “{name}” has this side twice (also {other})"),
                ));
            }
            *slot = Some(file.to_string());
        }
        let pairs = names
            .into_iter()
            .map(|(name, [ru, en])| Pair {
                ru: dir.join(ru.unwrap_or_else(|| format!("{name}.ru.txt"))),
                en: dir.join(en.unwrap_or_else(|| format!("{name}.en.txt"))),
                name,
            })
            .collect();
        Ok(Manifest { pairs })
    }

    /// The pairs, in manifest order.
    pub fn pairs(&self) -> &[Pair] {
        &self.pairs
    }

    /// The number of pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether the manifest holds no pair.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Keeps only the pairs of `shard`, in manifest order.
    ///
    /// # Example
    /// ```
    /// use std::path::Path;
    /// use sverka::batch::{Manifest, Shard};
    ///
    /// let m = Manifest::parse("a\ta\ta\nb\tb\tb\nc\tc\tc\nd\td\td\n", Path::new(""), "m").unwrap();
    /// let sizes: Vec<usize> = (1..=3)
    ///     .map(|i| m.clone().shard(Shard::new(i, 3).unwrap()).len())
    ///     .collect();
    /// assert_eq!(sizes.iter().sum::<usize>(), 4);
    /// ```
    pub fn shard(mut self, shard: Shard) -> Manifest {
        self.pairs.retain(|p| shard.contains(&p.name));
        self
    }
}

fn is_header(fields: &[&str]) -> bool {
    matches!(
        fields,
        ["name", "ru", "en"] | ["name", "ru_path", "en_path"]
    )
}

/// Checks a pair name: 1 to [`MAX_NAME_BYTES`] bytes, no `/`, `\`, control character or
/// surrounding space, not `.` or `..` and not starting with `.` (so it is one plain, visible
/// file name on every system). Returns what is wrong.
///
/// # Example
/// ```
/// use sverka::batch::check_name;
/// assert!(check_name("lenta-2023-01").is_ok());
/// assert!(check_name("../etc/passwd").is_err());
/// assert!(check_name("..").is_err());
/// ```
pub fn check_name(name: &str) -> std::result::Result<(), String> {
    let problem = if name.is_empty() {
        "the pair name is empty"
    } else if name.len() > MAX_NAME_BYTES {
        "the pair name is longer than 200 bytes"
    } else if name.contains(['/', '\\']) {
        "a pair name may not contain / or \\"
    } else if name.starts_with('.') {
        "a pair name may not start with a dot (no ., .. or hidden files)"
    } else if name.chars().any(char::is_control) {
        "a pair name may not contain control characters"
    } else if name.trim() != name {
        "a pair name may not start or end with a space"
    } else {
        return Ok(());
    };
    Err(format!("{problem}: {name:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_comments_and_crlf_are_skipped() {
        let m = Manifest::parse(
            "\u{feff}name\tru\ten\r\n\r\n# a comment\r\nx\tx.ru\tx.en\r\n",
            Path::new("base"),
            "m",
        )
        .unwrap();
        assert_eq!(
            m.pairs(),
            [Pair {
                name: "x".into(),
                ru: "base/x.ru".into(),
                en: "base/x.en".into()
            }]
        );
    }

    #[test]
    fn bad_lines_name_their_number() {
        for (text, line, needle) in [
            ("a\ta\ta\n\n../x\tb\tb\n", 3, "may not contain /"),
            ("a\ta\ta\nb\t\tb\n", 2, "empty file path"),
            ("a\ta\ta\na\tb\tb\n", 2, "already used on line 1"),
            ("Доклад\ta\ta\nдоклад\tb\tb\n", 2, "already used on line 1"),
            ("a b c\n", 1, "found 1"),
            ("a\tb\tc\td\n", 1, "found 4"),
            (".hidden\tb\tc\n", 1, "start with a dot"),
        ] {
            let err = Manifest::parse(text, Path::new(""), "m").unwrap_err();
            match &err {
                Error::Malformed {
                    line: l, message, ..
                } => {
                    assert_eq!(*l, line, "{text:?}: {err}");
                    assert!(message.contains(needle), "{text:?}: {err}");
                }
                other => panic!("{text:?}: unexpected {other}"),
            }
        }
    }
}
