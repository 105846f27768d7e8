//! `number`: a number on one side of a pair without its value on the other, or with a
//! different value. Numbers are compared by value, whatever their format: `200,000,000`,
//! `200 000 000`, `200 млн`, `двести миллионов` and `200 million` are one number; `7%` and
//! `7 %`, `24-часовой` and `24-hour` agree.
//!
//! Counts written in words below a thousand (`twenty`, `три`), a lone `one`/`один`, month
//! names, ordinal words and Roman numerals can stand for a number of the other side, but are
//! never reported themselves: they are as often no number at all (`one should`, `в первую
//! очередь`) or say it another way (`two decades`).

use std::ops::Range;

use super::{BeadSide, Context, Finding, Severity, finding, quote};
use crate::text::{self, Token, TokenKind};
use crate::{Lang, spelled};

/// A number mentioned in a side of a bead.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mention {
    /// Its byte span in the document's text.
    pub(crate) span: Range<usize>,
    /// The values it may have (`1,500` is 1500 in English, 1.5 in Russian; `5 млн` is 5 or
    /// 5,000,000).
    pub(crate) values: Vec<f64>,
    /// Whether it is reported when the other side lacks it (digits, and words of a thousand
    /// or more); the others only match.
    pub(crate) hard: bool,
}

impl Mention {
    fn shares_value(&self, other: &Mention) -> bool {
        self.values
            .iter()
            .any(|a| other.values.iter().any(|b| same(*a, *b)))
    }
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

pub(super) fn run(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (k, b) in ctx.pairs() {
        let ru = mentions(&ctx.ru_side(b), Lang::Ru);
        let en = mentions(&ctx.en_side(b), Lang::En);
        compare(k, ctx, &ru, &en, &mut out);
    }
    out
}

/// The numbers of each side that find no counterpart on the other, each mention of the other
/// side standing for one: two `9`s in the English need two in the Russian. Digits are paired
/// with digits first (in order), then what is left with any mention of the same value, words
/// included.
fn unmatched(ru: &[Mention], en: &[Mention]) -> (Vec<Mention>, Vec<Mention>) {
    let mut ru_used = vec![false; ru.len()];
    let mut en_used = vec![false; en.len()];
    for hard_only in [true, false] {
        for (i, r) in ru.iter().enumerate() {
            if ru_used[i] || (hard_only && !r.hard) {
                continue;
            }
            let found = (0..en.len()).find(|&j| {
                !en_used[j]
                    && (!hard_only || en[j].hard)
                    && (r.hard || en[j].hard)
                    && r.shares_value(&en[j])
            });
            if let Some(j) = found {
                ru_used[i] = true;
                en_used[j] = true;
            }
        }
    }
    let alone = |side: &[Mention], used: &[bool]| -> Vec<Mention> {
        side.iter()
            .zip(used)
            .filter(|(m, u)| m.hard && !**u)
            .map(|(m, _)| m.clone())
            .collect()
    };
    (alone(ru, &ru_used), alone(en, &en_used))
}

/// The findings of bead `k` whose sides mention the numbers `ru` and `en`.
fn compare(k: usize, ctx: &Context, ru: &[Mention], en: &[Mention], out: &mut Vec<Finding>) {
    let (ru_alone, en_alone) = unmatched(ru, en);
    let ru_text = |m: &Mention| quote(&ctx.ru.text()[m.span.clone()]);
    let en_text = |m: &Mention| quote(&ctx.en.text()[m.span.clone()]);
    let paired = ru_alone.len().min(en_alone.len());
    for (r, e) in ru_alone.iter().zip(&en_alone) {
        out.push(finding(
            k,
            Severity::Error,
            format!(
                "different number: {} in the Russian, {} in the English",
                ru_text(r),
                en_text(e)
            ),
            vec![r.span.clone()],
            vec![e.span.clone()],
        ));
    }
    for r in &ru_alone[paired..] {
        out.push(finding(
            k,
            Severity::Warning,
            format!("the number {} is not in the English", ru_text(r)),
            vec![r.span.clone()],
            Vec::new(),
        ));
    }
    for e in &en_alone[paired..] {
        out.push(finding(
            k,
            Severity::Warning,
            format!("the number {} is not in the Russian", en_text(e)),
            Vec::new(),
            vec![e.span.clone()],
        ));
    }
}

/// The numbers mentioned in the sentences of `side`, in `lang`.
pub(crate) fn mentions(side: &BeadSide, lang: Lang) -> Vec<Mention> {
    let mut out = Vec::new();
    for &(base, s) in &side.sentences {
        out.extend(sentence_mentions(s, lang).into_iter().map(|mut m| {
            m.span = base + m.span.start..base + m.span.end;
            m
        }));
    }
    out
}

/// The numbers of one sentence, with spans in it.
fn sentence_mentions(s: &str, lang: Lang) -> Vec<Mention> {
    let toks = text::tokens(s);
    let forms: Vec<String> = toks
        .iter()
        .map(|t| match t.kind {
            TokenKind::Number => match group_values(t.text(s)).as_slice() {
                [(_, v)] if v.len() == 1 => format_value(v[0]),
                _ => String::new(),
            },
            _ => text::normalize(t.text(s)),
        })
        .collect();
    let refs: Vec<&str> = forms.iter().map(String::as_str).collect();
    let mut used = vec![false; toks.len()];
    let mut out = Vec::new();
    for sp in spelled::spelled_numbers(&refs, lang) {
        let Ok(value) = sp.value.parse::<f64>() else {
            continue;
        };
        let words = sp.words.clone();
        used[words.clone()].iter_mut().for_each(|u| *u = true);
        let mut values = vec![value];
        if sp.digits {
            values.extend(
                group_values(toks[words.start].text(s))
                    .iter()
                    .flat_map(|g| g.1.clone()),
            );
        }
        out.push(Mention {
            span: toks[words.start].start..toks[words.end - 1].end,
            values,
            // A lone scale word (a thousand, тысяча) is as often "very many".
            hard: sp.digits || (value >= 1000.0 && words.len() >= 2),
        });
    }
    for (i, t) in toks.iter().enumerate() {
        if used[i] {
            continue;
        }
        if t.kind == TokenKind::Number {
            if let Some(m) = time(s, &toks, i) {
                used[i + 1] = true;
                out.push(m);
            } else {
                out.extend(digit_mentions(s, &toks, i));
            }
        } else {
            out.extend(soft_mentions(&forms[i], t, s, lang));
        }
    }
    out.sort_by_key(|m| m.span.start);
    out
}

/// Where times are on the number line: a time of day is `TIME - minutes`, apart from every
/// count (the tokeniser reads no minus sign).
const TIME: f64 = -1e6;

/// The values of the time of day `h:m`, read on a 12-hour or a 24-hour clock.
fn time_values(h: f64, m: f64) -> Vec<f64> {
    let at = |h: f64| TIME - ((h % 24.0) * 60.0 + m);
    let mut v = vec![at(h)];
    if h < 12.0 {
        v.push(at(h + 12.0));
    } else if h >= 12.0 {
        v.push(at(h - 12.0));
    }
    v
}

/// A time of day written `18:00` or `3:45` (two number tokens around a colon).
fn time(s: &str, toks: &[Token], i: usize) -> Option<Mention> {
    let (t, next) = (toks[i], toks.get(i + 1)?);
    let (h, m) = (t.text(s), next.text(s));
    let ok = &s[t.end..next.start] == ":"
        && next.kind == TokenKind::Number
        && m.len() == 2
        && h.len() <= 2;
    let (h, m): (f64, f64) = (h.parse().ok()?, m.parse().ok()?);
    (ok && h <= 24.0 && m < 60.0).then(|| Mention {
        span: t.start..next.end,
        values: time_values(h, m),
        hard: true,
    })
}

/// The mentions of the number token `toks[i]`: one, or one per part of a date
/// (`22.03.2018`); with a scale abbreviation after it (`5 млн`, `$5bn`) it may also be that
/// many; `14.00` may be a time, `2 pm` is one, `1970s` may be `70-е`.
fn digit_mentions(s: &str, toks: &[Token], i: usize) -> Vec<Mention> {
    let t = toks[i];
    let raw = t.text(s);
    let groups = group_values(raw);
    let next = toks.get(i + 1).filter(|next| next.start - t.end <= 3);
    let next_form = next.map(|n| text::normalize(n.text(s)));
    let scale = next_form.as_deref().and_then(scale_abbreviation);
    let after = next_form.as_deref().unwrap_or("");
    let clock = matches!(after, "pm" | "am" | "p" | "a")
        && toks
            .get(i + 2)
            .is_none_or(|m| after.len() == 2 || m.text(s) == "m");
    let adjacent = next.is_some_and(|n| n.start == t.end);
    let whole = groups.len() == 1;
    groups
        .into_iter()
        .map(|(range, mut values)| {
            let v = values[0];
            if let Some(scale) = scale {
                let scaled: Vec<f64> = values.iter().map(|v| v * scale).collect();
                values.extend(scaled);
            }
            if whole {
                values.extend(clock_values(raw, v, clock));
                if adjacent && after == "s" && v >= 1000.0 && v % 10.0 == 0.0 {
                    values.push(v % 100.0);
                }
                let dash = s[t.end..].starts_with(['-', '‐']);
                if dash && matches!(after, "е" | "x" | "х" | "ые" | "ых" | "ем" | "ми") && v < 100.0
                {
                    values.extend([1900.0 + v, 2000.0 + v]);
                }
            }
            // `5 млн` is one mention, its span the number and the abbreviation.
            let end = match (whole, scale, next) {
                (true, Some(_), Some(next)) => next.end,
                _ => t.start + range.end,
            };
            Mention {
                span: t.start + range.start..end,
                values,
                hard: true,
            }
        })
        .collect()
}

/// The time values of a number: `14.00` and `3.45` may be times, and `2` before `pm` is one.
fn clock_values(raw: &str, v: f64, clock: bool) -> Vec<f64> {
    if clock && v <= 12.0 && v.fract() == 0.0 {
        return time_values(v, 0.0);
    }
    match raw.split_once(['.', ':']) {
        Some((h, m)) if m.len() == 2 && h.len() <= 2 => match (h.parse(), m.parse()) {
            (Ok(h), Ok(m)) if h <= 24.0 && m < 60.0 => time_values(h, m),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The mentions a word may stand for without being reported: a value it names (see
/// [`soft_value`]), and digits inside it (`x100`, `socks5`).
fn soft_mentions(form: &str, t: &Token, s: &str, lang: Lang) -> Vec<Mention> {
    let raw = t.text(s);
    let mut out = Vec::new();
    if let Some(v) = soft_value(form, raw, lang) {
        out.push(Mention {
            span: t.start..t.end,
            values: vec![v],
            hard: false,
        });
    }
    let mut at = 0;
    for part in raw.split(|c: char| !c.is_ascii_digit()) {
        if let Ok(v) = part.parse::<f64>() {
            out.push(Mention {
                span: t.start + at..t.start + at + part.len(),
                values: vec![v],
                hard: false,
            });
        }
        at += part.len()
            + raw[at + part.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
    }
    out
}

/// The value of a number written in digits, by the ways it may be read, with the byte
/// range of each number it holds: `200,000,000` and `200 000 000` are 200000000; `3,14` and
/// `3.14` are 3.14; `1,500` is 1500 or 1.5; `1,234.5` is 1234.5; a date `22.03.2018` is three
/// numbers.
pub(crate) fn group_values(raw: &str) -> Vec<(Range<usize>, Vec<f64>)> {
    let mut groups: Vec<(Range<usize>, &str)> = Vec::new();
    let mut seps: Vec<char> = Vec::new();
    let mut start = None;
    for (i, c) in raw.char_indices().chain(std::iter::once((raw.len(), ' '))) {
        match (c.is_ascii_digit() && i < raw.len(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                groups.push((s..i, &raw[s..i]));
                start = None;
                if i < raw.len() {
                    seps.push(if c == ',' || c == '.' { c } else { ' ' });
                }
            }
            _ => {}
        }
    }
    let whole = 0..raw.len();
    let num = |digits: &str| digits.parse::<f64>().unwrap_or(0.0);
    let concat = |gs: &[(Range<usize>, &str)]| gs.iter().map(|g| g.1).collect::<String>();
    let n = groups.len();
    if n <= 1 {
        return groups.into_iter().map(|(r, g)| (r, vec![num(g)])).collect();
    }
    let thousands =
        |gs: &[(Range<usize>, &str)]| gs[0].1.len() <= 3 && gs[1..].iter().all(|g| g.1.len() == 3);
    let same_seps = seps.iter().all(|&c| c == seps[0]);
    if same_seps && thousands(&groups) {
        let mut values = vec![num(&concat(&groups))];
        if n == 2 && seps[0] != ' ' {
            values.push(num(&format!("{}.{}", groups[0].1, groups[1].1)));
        }
        if seps[0] == ' ' {
            // `Combi 16 100x185`: numbers side by side may look like one.
            values.extend(groups.iter().map(|g| num(g.1)).filter(|&v| v > 0.0));
        }
        return vec![(whole, values)];
    }
    if n == 2 && seps[0] != ' ' {
        return vec![(
            whole,
            vec![num(&format!("{}.{}", groups[0].1, groups[1].1))],
        )];
    }
    let head_same = seps[..n - 2].iter().all(|&c| c == seps[0]);
    if head_same && seps[n - 2] != seps[0] && seps[n - 2] != ' ' && thousands(&groups[..n - 1]) {
        let value = format!("{}.{}", concat(&groups[..n - 1]), groups[n - 1].1);
        return vec![(whole, vec![num(&value)])];
    }
    groups.into_iter().map(|(r, g)| (r, vec![num(g)])).collect()
}

/// A value as the spelled-number reader takes digits (`3`, `2.5`).
fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v < 1e15 {
        format!("{}", v as u64)
    } else {
        format!("{v}")
    }
}

/// The multiplier of a scale abbreviation written after a number.
fn scale_abbreviation(word: &str) -> Option<f64> {
    Some(match word {
        "тыс" | "k" => 1e3,
        "млн" | "mln" | "m" | "mn" => 1e6,
        "млрд" | "bn" | "bln" | "b" => 1e9,
        "трлн" | "tn" | "trn" => 1e12,
        _ => return None,
    })
}

/// The value a word may stand for without being a number worth reporting: a lone one, a
/// month, an ordinal, a Roman numeral, a dozen.
fn soft_value(form: &str, raw: &str, lang: Lang) -> Option<f64> {
    if let Some(v) = roman(raw) {
        return Some(v);
    }
    match lang {
        Lang::En => {
            let months = [
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ];
            if let Some(m) = months.iter().position(|&m| m == form) {
                return Some(m as f64 + 1.0);
            }
            let ordinals = [
                "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                "ninth", "tenth",
            ];
            if let Some(m) = ordinals.iter().position(|&m| m == form) {
                return Some(m as f64 + 1.0);
            }
            match form {
                "thousand" | "thousands" => Some(1e3),
                "million" | "millions" => Some(1e6),
                "billion" | "billions" => Some(1e9),
                "trillion" | "trillions" => Some(1e12),
                "day" | "daily" => Some(24.0),
                "one" | "once" | "a" | "an" => Some(1.0),
                "twice" | "double" | "both" => Some(2.0),
                "dozen" => Some(12.0),
                "half" => Some(0.5),
                _ => None,
            }
        }
        Lang::Ru => russian_soft_value(form),
    }
}

/// [`soft_value`] of a Russian word form (lowercase, ё as е).
fn russian_soft_value(form: &str) -> Option<f64> {
    let months = [
        "январ",
        "феврал",
        "март",
        "апрел",
        "ма",
        "июн",
        "июл",
        "август",
        "сентябр",
        "октябр",
        "ноябр",
        "декабр",
    ];
    let ordinals = [
        "перв",
        "втор",
        "трет",
        "четверт",
        "пят",
        "шест",
        "седьм",
        "восьм",
        "девят",
        "десят",
    ];
    let stem = text::stem(form, Lang::Ru);
    if let Some(m) = months.iter().position(|&m| m == stem && form.len() > 4) {
        return Some(m as f64 + 1.0);
    }
    if let Some(m) = ordinals.iter().position(|&o| form.starts_with(o)) {
        return Some(m as f64 + 1.0);
    }
    for (stem, scale) in [
        ("тысяч", 1e3),
        ("миллион", 1e6),
        ("миллиард", 1e9),
        ("триллион", 1e12),
    ] {
        if form.starts_with(stem) {
            return Some(scale);
        }
    }
    match form {
        "сутки" | "суток" | "суткам" | "сутках" | "день" | "дня" | "дней" => {
            Some(24.0)
        }
        "один" | "одна" | "одно" | "одного" | "одной" | "одному" | "одним" | "одном" | "одну"
        | "однажды" => Some(1.0),
        "оба" | "обе" | "обоих" | "дважды" | "двое" | "двойной" => {
            Some(2.0)
        }
        "трое" | "трижды" => Some(3.0),
        "десяток" | "десятки" => Some(10.0),
        "дюжина" => Some(12.0),
        "половина" | "половину" | "пол" => Some(0.5),
        _ => None,
    }
}

/// The value of an upper-case Roman numeral of two letters or more (`XIX`).
fn roman(word: &str) -> Option<f64> {
    if word.len() < 2 || !word.chars().all(|c| "IVXLCDM".contains(c)) {
        return None;
    }
    let digit = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        _ => 1000,
    };
    let ds: Vec<i64> = word.chars().map(digit).collect();
    let mut total = 0;
    for (i, &d) in ds.iter().enumerate() {
        if ds.get(i + 1).is_some_and(|&next| next > d) {
            total -= d;
        } else {
            total += d;
        }
    }
    (total > 0).then_some(total as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qa::CheckId;
    use crate::qa::testing::{messages, pair};

    fn none(ru: &str, en: &str) {
        let found = messages(ru, en, CheckId::Number);
        assert!(found.is_empty(), "{ru} | {en}: {found:?}");
    }

    #[test]
    fn formats_of_one_number_agree() {
        none(
            "За последние 30 дней Telegram пользовались 200 000 000 человек.",
            "Within the last 30 days, Telegram was used by 200,000,000 people.",
        );
        none(
            "Telegram пользуются 200 млн человек.",
            "Telegram is used by 200,000,000 people.",
        );
        none(
            "Telegram пользуются двести миллионов человек.",
            "Telegram is used by 200,000,000 people.",
        );
        none(
            "Telegram пользуются 200 миллионов человек.",
            "Telegram is used by 200 million people.",
        );
        none(
            "На Россию приходится 7 % пользователей Telegram.",
            "Russia accounts for ~7% of the Telegram user base.",
        );
        none(
            "Рост составил 2,5 процента за 1,5 года.",
            "Growth was 2.5 percent in 1.5 years.",
        );
        none(
            "Компания потратила 1,5 млрд долларов.",
            "The company spent $1.5bn.",
        );
        none("Это 24-часовой запрет.", "This is a 24-hour ban.");
        none(
            "Он родился 22.03.1990 в Москве.",
            "He was born in Moscow on March 22, 1990.",
        );
        none(
            "В XIX веке было две войны.",
            "There were 2 wars in the 19th century.",
        );
        none(
            "Цена выросла до 1 234,5 рубля.",
            "The price rose to 1,234.5 roubles.",
        );
    }

    #[test]
    fn a_changed_number_is_an_error() {
        let found = pair(
            "За последние 30 дней Telegram пользовались 200 000 000 человек.",
            "Within the last 30 days, Telegram was used by 20,000,000 people.",
            CheckId::Number,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(
            found[0].message,
            "different number: \u{201c}200 000 000\u{201d} in the Russian, \u{201c}20,000,000\u{201d} in the English"
        );
        let found = pair(
            "Telegram пользуются двести миллионов человек.",
            "Telegram is used by 20 million people.",
            CheckId::Number,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Error);
        let found = pair("Рост составил 7 %.", "Growth was 17%.", CheckId::Number);
        assert_eq!(found[0].severity, Severity::Error, "{found:?}");
    }

    #[test]
    fn a_number_on_one_side_is_a_warning() {
        let found = pair(
            "Спасибо за поддержку – вместе мы пережили первые 24 часа блокировки.",
            "Thank you for your support – together we survived the first hours of the ban.",
            CheckId::Number,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(
            found[0].message,
            "the number \u{201c}24\u{201d} is not in the English"
        );
        assert_eq!(found[0].ru.len(), 1);
        assert!(found[0].en.is_empty());
        let found = messages(
            "Мы обещали пользователям полную конфиденциальность.",
            "We promised our users 100% privacy.",
            CheckId::Number,
        );
        assert_eq!(
            found,
            ["the number \u{201c}100\u{201d} is not in the Russian"]
        );
    }

    #[test]
    fn words_that_only_may_be_numbers_are_not_reported() {
        none("Это одна из причин.", "This is one of the reasons.");
        none("Он пришел первым.", "He came in 1st.");
        none("Прошло двадцать лет.", "Two decades passed.");
        none(
            "Миллионы людей пользуются им.",
            "Millions of people use it.",
        );
    }

    #[test]
    fn values_of_digits() {
        let v =
            |raw: &str| -> Vec<Vec<f64>> { group_values(raw).into_iter().map(|g| g.1).collect() };
        assert_eq!(v("200,000,000"), [[200_000_000.0]]);
        // Groups apart by spaces may also be numbers side by side.
        assert_eq!(v("200 000 000"), [[200_000_000.0, 200.0]]);
        assert_eq!(v("1,500"), [vec![1500.0, 1.5]]);
        assert_eq!(v("3,25"), [[3.25]]);
        assert_eq!(v("1,234.5"), [[1234.5]]);
        assert_eq!(v("22.03.2018"), [[22.0], [3.0], [2018.0]]);
        assert_eq!(roman("XIX"), Some(19.0));
        assert_eq!(roman("I"), None);
    }
}
