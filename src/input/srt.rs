//! SRT subtitles: one cue one paragraph (its lines joined by a space, formatting tags such as
//! `<i>` and `{\an8}` removed), with its timings kept.

use std::time::Duration;

use crate::{Error, Result};

/// The timings of a subtitle cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    /// When the cue appears.
    pub start: Duration,
    /// When it disappears.
    pub end: Duration,
}

impl Cue {
    /// The cue's timing line as SRT writes it: `00:00:01,000 --> 00:00:04,500`.
    ///
    /// # Example
    /// ```
    /// use std::time::Duration;
    /// use sverka::input::Cue;
    /// let cue = Cue { start: Duration::from_millis(1_000), end: Duration::from_millis(3_723_004) };
    /// assert_eq!(cue.timing(), "00:00:01,000 --> 01:02:03,004");
    /// ```
    pub fn timing(&self) -> String {
        format!("{} --> {}", clock(self.start), clock(self.end))
    }
}

fn clock(d: Duration) -> String {
    let ms = d.as_millis();
    format!(
        "{:02}:{:02}:{:02},{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// The cues of an SRT text: their paragraphs and timings, in order (cues without text are
/// left out).
pub(super) fn cues(what: &str, text: &str) -> Result<(Vec<String>, Vec<Cue>)> {
    let (mut paragraphs, mut cues) = (Vec::new(), Vec::new());
    let mut lines = text.lines().enumerate().peekable();
    loop {
        while lines.next_if(|(_, l)| l.trim().is_empty()).is_some() {}
        let Some((mut number, mut line)) = lines.next() else {
            break;
        };
        if line
            .trim()
            .trim_start_matches('\u{feff}')
            .parse::<u64>()
            .is_ok()
        {
            match lines.next() {
                Some(next) => (number, line) = next,
                None => return Err(malformed(what, number + 1, "a cue number without a timing")),
            }
        }
        let cue = timing(line).ok_or_else(|| {
            malformed(
                what,
                number + 1,
                "expected a timing line such as 00:00:01,000 --> 00:00:04,000",
            )
        })?;
        let mut words = String::new();
        while let Some((_, l)) = lines.next_if(|(_, l)| !l.trim().is_empty()) {
            words.push(' ');
            words.push_str(&strip_tags(l));
        }
        let paragraph = super::paragraphs::collapse(&words);
        if !paragraph.is_empty() {
            paragraphs.push(paragraph);
            cues.push(cue);
        }
    }
    Ok((paragraphs, cues))
}

fn malformed(what: &str, line: usize, message: &str) -> Error {
    Error::malformed(what, line, message)
}

/// `00:00:01,000 --> 00:00:04,000` (a `.` before the milliseconds is accepted too).
fn timing(line: &str) -> Option<Cue> {
    let (a, b) = line.split_once("-->")?;
    let b = b.split_whitespace().next()?;
    Some(Cue {
        start: time(a.trim())?,
        end: time(b)?,
    })
}

fn time(s: &str) -> Option<Duration> {
    let (hms, ms) = s.split_once([',', '.'])?;
    let mut parts = hms.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, sec) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() || m >= 60 || sec >= 60 || ms.len() > 3 {
        return None;
    }
    let ms: u64 = ms.parse().ok()?;
    Some(Duration::from_millis(((h * 60 + m) * 60 + sec) * 1000 + ms))
}

/// The line without `<…>` and `{…}` formatting tags.
fn strip_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut close = None;
    for c in line.chars() {
        match (close, c) {
            (None, '<') => close = Some('>'),
            (None, '{') => close = Some('}'),
            (None, c) => out.push(c),
            (Some(end), c) if c == end => close = None,
            (Some(_), _) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_are_paragraphs_with_timings() {
        let srt = "1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Привет,</i>\r\nмир.\r\n\r\n2\r\n00:00:03.000 --> 00:00:04,000\r\n{\\an8}Пока.\r\n";
        let (p, c) = cues("a.srt", srt).unwrap();
        assert_eq!(p, ["Привет, мир.", "Пока."]);
        assert_eq!(c[0].timing(), "00:00:01,000 --> 00:00:02,500");
        assert_eq!(c[1].start, Duration::from_secs(3));
    }

    #[test]
    fn a_missing_timing_names_the_line() {
        let e = cues(
            "a.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nOk.\n\n2\nno timing\n",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "a.srt, line 6: expected a timing line such as 00:00:01,000 --> 00:00:04,000"
        );
    }
}
