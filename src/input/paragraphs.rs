//! Paragraphs collected from a document's text runs, with whitespace collapsed.

/// Collects paragraphs: text runs are appended to the current paragraph, [`end`](Self::end)
/// finishes it. Paragraphs may nest (a DOCX text box inside a paragraph): the inner one is
/// finished before the outer goes on.
#[derive(Debug, Default)]
pub(super) struct Paragraphs {
    done: Vec<String>,
    current: String,
    outer: Vec<String>,
}

impl Paragraphs {
    /// Appends text to the current paragraph.
    pub(super) fn text(&mut self, s: &str) {
        self.current.push_str(s);
    }

    /// Finishes the current paragraph (nothing when it holds no text) and starts another.
    pub(super) fn end(&mut self) {
        let p = collapse(&self.current);
        if !p.is_empty() {
            self.done.push(p);
        }
        self.current.clear();
    }

    /// Opens a paragraph inside the current one.
    pub(super) fn open(&mut self) {
        self.outer.push(std::mem::take(&mut self.current));
    }

    /// Closes a paragraph opened by [`open`](Self::open): it is finished, and the one around
    /// it goes on.
    pub(super) fn close(&mut self) {
        self.end();
        self.current = self.outer.pop().unwrap_or_default();
    }

    /// The paragraphs, in order.
    pub(super) fn finish(mut self) -> Vec<String> {
        while !self.outer.is_empty() {
            self.close();
        }
        self.end();
        self.done
    }
}

/// `s` with runs of whitespace (and control characters) as one space, trimmed. No-break spaces
/// are kept: they are part of the text.
pub(super) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s
        .split(|c: char| {
            (c.is_whitespace() || c.is_control()) && !matches!(c, '\u{a0}' | '\u{202f}')
        })
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_paragraphs_come_out_inner_first() {
        let mut p = Paragraphs::default();
        p.open();
        p.text("outer ");
        p.open();
        p.text(" inner\n box ");
        p.close();
        p.text("goes on");
        p.close();
        assert_eq!(p.finish(), ["inner box", "outer goes on"]);
    }
}
