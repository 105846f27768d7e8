//! HTML (and the XHTML of EPUB books), tokenized by html5ever as browsers tokenize it: block
//! elements (`p`, `div`, headings, list items, table cells, `blockquote` …) are paragraphs,
//! and so are the lines a `<br>` breaks. Scripts, styles, the title, navigation, forms, and
//! page headers and footers (`<header>`/`<footer>` outside `<article>` and `<main>`) are left
//! out. Character references are HTML's own; nothing is fetched.
//!
//! No tree is built: a tree builder takes time quadratic in the nesting depth, which hostile
//! markup (100,000 nested `<div>`s) makes minutes; the tokens are read in one pass.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::paragraphs::Paragraphs;

/// Elements left out with everything inside them.
const DROPPED: &[&str] = &[
    "title", "script", "style", "noscript", "template", "nav", "form", "button", "select",
    "textarea", "svg", "math", "iframe", "object", "canvas", "audio", "video", "noembed",
    "noframes", "xmp",
];

/// Elements whose start and end break paragraphs.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// What the token sink has read so far.
#[derive(Default)]
struct State {
    out: Paragraphs,
    /// The dropped element being skipped and how deep its name nests inside itself.
    skipping: Option<(String, usize)>,
    /// Depth inside `<article>` and `<main>`.
    content: usize,
}

#[derive(Default)]
struct Sink(RefCell<State>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut s = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let name: &str = &tag.name;
                let start = tag.kind == TagKind::StartTag;
                if let Some((skipped, depth)) = &mut s.skipping {
                    if name == skipped.as_str() && !tag.self_closing {
                        if start {
                            *depth += 1;
                        } else {
                            *depth -= 1;
                        }
                    }
                    if *depth == 0 {
                        s.skipping = None;
                    }
                    return raw(name, start);
                }
                let boilerplate = matches!(name, "header" | "footer") && s.content == 0;
                if start && !tag.self_closing && (DROPPED.contains(&name) || boilerplate) {
                    s.skipping = Some((name.to_string(), 1));
                    return raw(name, start);
                }
                if matches!(name, "article" | "main") {
                    s.content = if start {
                        s.content + 1
                    } else {
                        s.content.saturating_sub(1)
                    };
                }
                if BLOCKS.contains(&name) {
                    s.out.end();
                }
            }
            Token::CharacterTokens(t) if s.skipping.is_none() => s.out.text(&t),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Tells the tokenizer to read the content of `<script>`, `<style>`, `<title>` … as the raw
/// text it is (as a browser does), so that a `<` in a script opens no tag.
fn raw(name: &str, start: bool) -> TokenSinkResult<()> {
    if !start {
        return TokenSinkResult::Continue;
    }
    match name {
        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
            TokenSinkResult::RawData(RawKind::Rawtext)
        }
        "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
        _ => TokenSinkResult::Continue,
    }
}

/// The paragraphs of an HTML document.
pub(super) fn paragraphs(html: &str) -> Vec<String> {
    let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner().out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_paragraphs_and_boilerplate_is_dropped() {
        let html = r#"<html><head><title>T</title><style>p{}</style></head><body>
            <header>Site menu</header><nav><a href="/">Home</a><nav>x</nav> more</nav>
            <article><header><h1>Заголовок</h1></header>
            <p>Первый <b>абзац</b>&nbsp;&mdash;&#33;<script>if (a < b) alert("</p>")</script></p>
            <ul><li>один<li>два<br>три</ul>
            <table><tr><td>a</td><td>b</td></tr></table></article>
            <footer>© 2024</footer></body></html>"#;
        assert_eq!(
            paragraphs(html),
            [
                "Заголовок",
                "Первый абзац\u{a0}—!",
                "один",
                "два",
                "три",
                "a",
                "b"
            ]
        );
    }

    #[test]
    fn deep_nesting_is_read_in_linear_time() {
        let html = "<div>".repeat(200_000) + "deep" + &"</div>".repeat(200_000);
        let start = std::time::Instant::now();
        assert_eq!(paragraphs(&html), ["deep"]);
        assert!(start.elapsed().as_secs() < 5);
    }
}
