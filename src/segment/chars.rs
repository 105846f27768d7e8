//! Character classes of the segmentation rules.

/// Ends a sentence: period, `!`, `?`, ellipsis and their variants.
pub(super) fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '…'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '。'
            | '．'
            | '！'
            | '？'
            | '؟'
            | '।'
            | '\u{2024}'
            | '\u{FE52}'
    )
}

/// A period: a terminal that also ends abbreviations and sits inside numbers.
pub(super) fn is_period(c: char) -> bool {
    matches!(c, '.' | '．' | '\u{2024}' | '\u{FE52}')
}

/// Closing quotes and brackets: after a terminal they belong to the sentence they close.
/// `“` is here too: Russian „лапки“ close with it.
pub(super) fn is_sentence_closer(c: char) -> bool {
    matches!(
        c,
        '»' | '”'
            | '“'
            | '’'
            | '‘'
            | '"'
            | '\''
            | ')'
            | ']'
            | '}'
            | '›'
            | '〉'
            | '」'
            | '』'
            | '）'
    )
}

/// Opening quotes and brackets: glued to the start of a sentence they open.
pub(super) fn is_opener(c: char) -> bool {
    matches!(
        c,
        '«' | '„' | '“' | '‘' | '(' | '[' | '{' | '‹' | '〈' | '「' | '『' | '（'
    )
}

/// What may precede the first word of a sentence: openers (straight quotes too), dashes of
/// Russian dialogue, list bullets.
pub(super) fn is_sentence_lead(c: char) -> bool {
    is_opener(c)
        || matches!(
            c,
            '"' | '\'' | '–' | '—' | '―' | '‒' | '-' | '•' | '·' | '*' | '¡' | '¿'
        )
}
