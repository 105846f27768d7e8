//! Markdown (CommonMark with tables, parsed by pulldown-cmark): paragraphs, headings, list
//! items, block quotes and table cells are paragraphs. Code blocks, raw HTML, images, front
//! matter and footnote definitions are left out.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::paragraphs::Paragraphs;

/// The paragraphs of a Markdown text.
pub(super) fn paragraphs(text: &str) -> Vec<String> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut out = Paragraphs::default();
    let mut dropped = 0usize;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(tag) => {
                if dropped > 0 || is_dropped(&tag) {
                    dropped += 1;
                } else if is_block(&tag) {
                    out.end();
                }
            }
            Event::End(end) => {
                if dropped > 0 {
                    dropped -= 1;
                } else if is_block_end(end) {
                    out.end();
                }
            }
            Event::Text(t) | Event::Code(t) if dropped == 0 => out.text(&t),
            Event::SoftBreak | Event::HardBreak if dropped == 0 => out.text(" "),
            _ => {}
        }
    }
    out.finish()
}

fn is_dropped(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::Image { .. }
            | Tag::MetadataBlock(_)
            | Tag::FootnoteDefinition(_)
    )
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::BlockQuote(_)
            | Tag::TableCell
            | Tag::List(_)
    )
}

fn is_block_end(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::BlockQuote(_)
            | TagEnd::TableCell
            | TagEnd::List(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_paragraphs_and_code_is_dropped() {
        let md = "---\ntitle: x\n---\n# Заголовок\n\nПервый\nабзац.\n\n- один\n- два\n\n```\ncode\n```\n\n![pic](a.png) Текст[^1].\n\n[^1]: Сноска.\n";
        assert_eq!(
            paragraphs(md),
            ["Заголовок", "Первый абзац.", "один", "два", "Текст."]
        );
    }
}
