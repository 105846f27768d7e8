//! The options of a parallel book (`--format html` or `epub`), shared by `align`, `batch` and
//! `export`.

use std::path::Path;

use anyhow::bail;

use sverka::export::{BookStyle, Format, Layout, Order};

/// How a parallel book looks (`--format html` or `--format epub`).
#[derive(clap::Args, Debug, Default)]
pub struct BookArgs {
    /// HTML and EPUB: the book's title (default: the document's title, the pair's name, or
    /// the name of the Russian file without `.ru.txt`).
    #[arg(long)]
    pub title: Option<String>,
    /// HTML and EPUB: the book's author, shown under the title and kept in the metadata.
    #[arg(long)]
    pub author: Option<String>,
    /// HTML and EPUB: two columns bead by bead (`columns`, the default), or the languages
    /// alternating sentence by sentence (`interleaved`, for phones).
    #[arg(long, value_name = "LAYOUT")]
    layout: Option<Layout>,
    /// HTML and EPUB: which language comes first (the left column): `ru,en` (the default) or
    /// `en,ru`.
    #[arg(long, value_name = "ru,en|en,ru")]
    order: Option<Order>,
    /// HTML and EPUB: show each bead's number beside it.
    #[arg(long)]
    numbers: bool,
    /// EPUB: start a new chapter after N paragraphs without a heading (default 40); every
    /// heading starts one too.
    #[arg(long, value_name = "N")]
    chapter_paragraphs: Option<usize>,
}

impl BookArgs {
    /// The book's style; an error when one of its options was given with a format that is no
    /// book.
    pub fn style(&self, format: Option<Format>) -> anyhow::Result<BookStyle> {
        let given = [
            ("--title", self.title.is_some()),
            ("--author", self.author.is_some()),
            ("--layout", self.layout.is_some()),
            ("--order", self.order.is_some()),
            ("--numbers", self.numbers),
            ("--chapter-paragraphs", self.chapter_paragraphs.is_some()),
        ];
        if !format.is_some_and(Format::is_book)
            && let Some((flag, _)) = given.iter().find(|(_, yes)| *yes)
        {
            bail!("{flag} goes with --format html or --format epub");
        }
        if self.chapter_paragraphs == Some(0) {
            bail!("--chapter-paragraphs must be at least 1");
        }
        Ok(BookStyle {
            layout: self.layout.unwrap_or_default(),
            order: self.order.unwrap_or_default(),
            numbers: self.numbers,
            chapter_paragraphs: self.chapter_paragraphs.unwrap_or(0),
        })
    }
}

/// Refuses to write a binary format (EPUB) to standard output: it needs `-o FILE`.
pub fn check_binary_output(format: Format, output: Option<&Path>) -> anyhow::Result<()> {
    if format.is_binary() && output.is_none() {
        bail!(
            "{} is a binary file (a ZIP archive) and is not written to standard output; give -o FILE",
            format.name().to_uppercase()
        );
    }
    Ok(())
}
