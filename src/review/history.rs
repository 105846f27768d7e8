//! The event log in words.
//!
//! An entry of the log is told as a reader would tell it: "alice suggested merging bead 7
//! («Помимо этого…» / —) with bead 8 («…» / «…»)", with the beads a change touched (and only
//! those), a wording's old → new as a word diff, who approved, and a rejection's reason.
//! [`describe`] does it from the entry and the facts the store gathered for it
//! ([`EventContext`]); ids appear only as links ([`BeadRef::link`]).
//!
//! This module also owns what an alignment or wording event keeps ([`Snapshot`]) and what
//! replaced a bead ([`Replacement`]), which the store records when a change retires one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::changes::Change;
use super::model::{Action, BeadId, BeadState, Event, EventId, Status, SuggestionStatus};
use crate::{Lang, Span};

/// A sentence's wording as kept in event snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordState {
    /// Its side.
    pub lang: Lang,
    /// Its index on that side.
    pub idx: usize,
    /// Its wording.
    pub text: String,
}

/// The state of the beads (and wordings) an alignment or wording event changed, kept before
/// and after it (as JSON in the log).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Snapshot {
    /// The beads, in order.
    pub beads: Vec<BeadState>,
    /// The wordings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wording: Vec<WordState>,
    /// For a step of a restore (kept after it): the event the document was restored to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_to: Option<EventId>,
}

impl Snapshot {
    /// The sentences of the snapshot's beads.
    pub fn covering(&self) -> Span {
        match (self.beads.first(), self.beads.last()) {
            (Some(first), Some(last)) => first.span.to(&last.span),
            _ => Span::default(),
        }
    }

    /// Reads a snapshot kept in the log; `None` when there is none or it is not one.
    pub fn parse(json: Option<&str>) -> Option<Snapshot> {
        serde_json::from_str(json?).ok()
    }
}

/// What replaced a bead: recorded with a bead a change retired, and told with the comments
/// that moved to the bead now holding its sentences ("from bead 7 before the merge").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Replacement {
    /// A merge with a neighbour.
    Merge,
    /// A split in two.
    Split,
    /// An unpairing into one-sided beads.
    Unpair,
    /// A pairing of two one-sided beads.
    Pair,
    /// A sentence moved to or from a neighbour.
    Move,
    /// The re-alignment of the beads around a change.
    Realign,
    /// A revert of a change.
    Revert,
    /// A restore of the document to an earlier state.
    Restore,
}

impl Replacement {
    /// Every kind.
    pub const ALL: [Replacement; 8] = [
        Replacement::Merge,
        Replacement::Split,
        Replacement::Unpair,
        Replacement::Pair,
        Replacement::Move,
        Replacement::Realign,
        Replacement::Revert,
        Replacement::Restore,
    ];

    /// The stored name, e.g. `merge`.
    pub fn as_str(self) -> &'static str {
        match self {
            Replacement::Merge => "merge",
            Replacement::Split => "split",
            Replacement::Unpair => "unpair",
            Replacement::Pair => "pair",
            Replacement::Move => "move",
            Replacement::Realign => "realign",
            Replacement::Revert => "revert",
            Replacement::Restore => "restore",
        }
    }

    /// Parses a stored name.
    ///
    /// # Example
    /// ```
    /// use sverka::review::history::Replacement;
    /// for r in Replacement::ALL {
    ///     assert_eq!(Replacement::parse(r.as_str()), Some(r));
    /// }
    /// ```
    pub fn parse(s: &str) -> Option<Replacement> {
        Replacement::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// What a structural change does to the beads it names (wording replaces no bead).
    pub fn of(change: &Change) -> Option<Replacement> {
        Some(match change {
            Change::MergeNext | Change::MergePrev => Replacement::Merge,
            Change::Split { .. } => Replacement::Split,
            Change::Unpair => Replacement::Unpair,
            Change::PairNext => Replacement::Pair,
            Change::MoveFirstToPrev { .. } | Change::MoveLastToNext { .. } => Replacement::Move,
            Change::Wording { .. } => return None,
        })
    }

    /// When, in words: `before the merge`.
    ///
    /// # Example
    /// ```
    /// use sverka::review::history::Replacement;
    /// assert_eq!(Replacement::Merge.when(), "before the merge");
    /// ```
    pub fn when(self) -> &'static str {
        match self {
            Replacement::Merge => "before the merge",
            Replacement::Split => "before the split",
            Replacement::Unpair => "before the unpairing",
            Replacement::Pair => "before the pairing",
            Replacement::Move => "before a sentence moved",
            Replacement::Realign => "before the re-alignment around a change",
            Replacement::Revert => "before a revert",
            Replacement::Restore => "before the document was restored",
        }
    }

    /// The change as a noun: `a merge`.
    pub fn noun(self) -> &'static str {
        match self {
            Replacement::Merge => "a merge",
            Replacement::Split => "a split",
            Replacement::Unpair => "an unpairing",
            Replacement::Pair => "a pairing",
            Replacement::Move => "a sentence move",
            Replacement::Realign => "the re-alignment around a change",
            Replacement::Revert => "a revert",
            Replacement::Restore => "a restore of the document",
        }
    }
}

/// A sentence a description quotes, with the bead now holding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quoted {
    /// Its applied wording.
    pub text: String,
    /// The bead holding it now.
    pub bead: Option<BeadId>,
}

/// The sentences a description quotes, by side and index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Texts {
    ru: BTreeMap<usize, Quoted>,
    en: BTreeMap<usize, Quoted>,
}

impl Texts {
    /// Adds sentence `idx` of `lang`.
    pub fn insert(&mut self, lang: Lang, idx: usize, q: Quoted) {
        self.side_mut(lang).insert(idx, q);
    }

    /// Sentence `idx` of `lang`, if it was gathered.
    pub fn get(&self, lang: Lang, idx: usize) -> Option<&Quoted> {
        match lang {
            Lang::Ru => self.ru.get(&idx),
            Lang::En => self.en.get(&idx),
        }
    }

    fn side_mut(&mut self, lang: Lang) -> &mut BTreeMap<usize, Quoted> {
        match lang {
            Lang::Ru => &mut self.ru,
            Lang::En => &mut self.en,
        }
    }
}

/// The first sentence of each side of a bead: what a description quotes of it.
pub fn quoted_of(span: &Span) -> Vec<(Lang, usize)> {
    let mut out = Vec::new();
    if !span.ru.is_empty() {
        out.push((Lang::Ru, span.ru.start));
    }
    if !span.en.is_empty() {
        out.push((Lang::En, span.en.start));
    }
    out
}

/// A suggestion as a description tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The change.
    pub change: Change,
    /// For structural changes: the beads it replaces, as they were.
    pub old: Vec<Span>,
    /// For structural changes: the beads it makes.
    pub new: Vec<Span>,
    /// For wording: the wording it replaces.
    pub base_text: Option<String>,
    /// Its author's name.
    pub author: Option<String>,
    /// Its state.
    pub status: SuggestionStatus,
    /// An admin's reason for rejecting it.
    pub reason: Option<String>,
}

/// The event a revert undid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reverted {
    /// What it was.
    pub action: Action,
    /// Who did it.
    pub user: Option<String>,
    /// When.
    pub at: String,
    /// It, told in one line ([`Told::line`]).
    pub told: String,
}

/// What the store gathers for describing an event: the suggestion it concerns, the event a
/// revert undid, and the sentences it quotes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventContext {
    /// The suggestion made, applied, rejected or withdrawn.
    pub proposal: Option<Proposal>,
    /// For a revert: the event undone.
    pub reverted: Option<Reverted>,
    /// The sentences quoted.
    pub texts: Texts,
}

/// The sentences [`describe`] quotes for `e` (given its context's proposal): the store
/// gathers them into the context's [`Texts`].
pub fn wanted(e: &Event) -> Vec<(Lang, usize)> {
    let mut spans: Vec<Span> = Vec::new();
    let mut out: Vec<(Lang, usize)> = Vec::new();
    if let Some(p) = &e.context.proposal {
        spans.extend(p.old.iter().cloned());
        spans.extend(p.new.iter().cloned());
        if let Change::Wording { lang, idx, .. } = &p.change {
            out.push((*lang, *idx));
        }
    }
    for json in [&e.before, &e.after] {
        if let Some(s) = Snapshot::parse(json.as_deref()) {
            spans.extend(s.beads.into_iter().map(|b| b.span));
        }
    }
    spans.extend(e.span.iter().cloned());
    out.extend(spans.iter().flat_map(quoted_of));
    out.sort_by_key(|&(l, i)| (l == Lang::En, i));
    out.dedup();
    out
}

/// A bead named in a description: its number then, its first sentences, and a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BeadRef {
    /// Its 1-based number in the document when the event happened, if known.
    pub number: Option<usize>,
    /// An excerpt of its first Russian sentence in «», or `—` for none.
    pub ru: String,
    /// An excerpt of its first English sentence in «», or `—` for none.
    pub en: String,
    /// The bead now holding its first sentence.
    pub link: Option<BeadId>,
}

impl BeadRef {
    /// `bead 7`, or `a bead` when its number is not known.
    pub fn name(&self) -> String {
        match self.number {
            Some(n) => format!("bead {n}"),
            None => "a bead".into(),
        }
    }

    /// `(«Помимо этого…» / —)`; empty for a bead named without its sentences.
    pub fn excerpt(&self) -> String {
        if self.ru.is_empty() && self.en.is_empty() {
            return String::new();
        }
        format!("({} / {})", self.ru, self.en)
    }
}

/// A bead `span` numbered `number`, quoted from `texts`.
pub fn bead_ref(span: &Span, number: Option<usize>, texts: &Texts) -> BeadRef {
    let side = |lang: Lang, range: &std::ops::Range<usize>| {
        if range.is_empty() {
            return "—".to_string();
        }
        match texts.get(lang, range.start) {
            Some(q) => format!("«{}»", excerpt(&q.text, range.len() > 1)),
            None => "«…»".to_string(),
        }
    };
    let first = quoted_of(span).into_iter().next();
    BeadRef {
        number,
        ru: side(Lang::Ru, &span.ru),
        en: side(Lang::En, &span.en),
        link: first
            .and_then(|(l, i)| texts.get(l, i))
            .and_then(|q| q.bead),
    }
}

/// The longest excerpt of a sentence, in characters.
pub const EXCERPT_CHARS: usize = 32;

/// The start of `text`, cut at a word boundary near [`EXCERPT_CHARS`]; `…` marks a cut or
/// (`more`) further sentences.
///
/// # Example
/// ```
/// use sverka::review::history::excerpt;
/// assert_eq!(
///     excerpt("Помимо этого, мы строим сеть для миллиардов людей.", false),
///     "Помимо этого, мы строим сеть для…"
/// );
/// assert_eq!(excerpt("Short.", true), "Short.…");
/// ```
pub fn excerpt(text: &str, more: bool) -> String {
    let text = text.trim();
    let mut out = String::new();
    for word in text.split_whitespace() {
        let len = out.chars().count() + word.chars().count() + 1;
        if !out.is_empty() && len > EXCERPT_CHARS {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.chars().count() > EXCERPT_CHARS + 8 {
        out = out.chars().take(EXCERPT_CHARS).collect::<String>() + "…";
    } else if more {
        out.push('…');
    }
    out
}

/// A part of a description: words, or a bead (shown as a link with its excerpt).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Words (empty for a bead).
    pub text: String,
    /// The bead.
    pub bead: Option<BeadRef>,
}

impl Part {
    fn words(text: impl Into<String>) -> Part {
        Part {
            text: text.into(),
            bead: None,
        }
    }

    fn bead(b: BeadRef) -> Part {
        Part {
            text: String::new(),
            bead: Some(b),
        }
    }
}

/// What a piece of a word diff is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffKind {
    /// In both wordings.
    Same,
    /// Only in the old wording.
    Removed,
    /// Only in the new wording.
    Added,
}

/// A run of a word diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffPiece {
    /// What it is.
    pub kind: DiffKind,
    /// Its text, spaces included.
    pub text: String,
}

impl DiffPiece {
    /// Only in the old wording.
    pub fn removed(&self) -> bool {
        self.kind == DiffKind::Removed
    }

    /// Only in the new wording.
    pub fn added(&self) -> bool {
        self.kind == DiffKind::Added
    }
}

/// The most token pairs [`word_diff`] compares; longer wordings are shown as replaced whole.
pub const MAX_DIFF_CELLS: usize = 400_000;

/// Cuts a wording into words, single punctuation marks and runs of spaces.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let class = |c: char| {
        if c.is_alphanumeric() {
            0
        } else if c.is_whitespace() {
            1
        } else {
            2
        }
    };
    let mut prev: Option<u8> = None;
    for (i, c) in s.char_indices() {
        let k = class(c);
        if i > start && (prev != Some(k) || k == 2) {
            out.push(&s[start..i]);
            start = i;
        }
        prev = Some(k);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// The word diff of two wordings: runs in both, removed and added, in reading order (a
/// longest common subsequence of their words).
///
/// # Example
/// ```
/// use sverka::review::history::{DiffKind, word_diff};
/// let d = word_diff("The cat sat.", "The dog sat.");
/// let shown: Vec<(DiffKind, &str)> = d.iter().map(|p| (p.kind, p.text.as_str())).collect();
/// assert_eq!(shown, [
///     (DiffKind::Same, "The "),
///     (DiffKind::Removed, "cat"),
///     (DiffKind::Added, "dog"),
///     (DiffKind::Same, " sat."),
/// ]);
/// ```
pub fn word_diff(old: &str, new: &str) -> Vec<DiffPiece> {
    let (a, b) = (tokens(old), tokens(new));
    let mut out: Vec<DiffPiece> = Vec::new();
    let mut push = |kind: DiffKind, t: &str| match out.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(t),
        _ if t.is_empty() => {}
        _ => out.push(DiffPiece {
            kind,
            text: t.to_string(),
        }),
    };
    if (a.len() + 1) * (b.len() + 1) > MAX_DIFF_CELLS {
        push(DiffKind::Removed, old);
        push(DiffKind::Added, new);
        return out;
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let w = b.len() + 1;
    let mut lcs = vec![0u32; (a.len() + 1) * w];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * w + j] = if a[i] == b[j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut push = |kind: DiffKind, t: &str| {
        out.push(DiffPiece {
            kind,
            text: t.to_string(),
        })
    };
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            push(DiffKind::Same, a[i]);
            (i, j) = (i + 1, j + 1);
        } else if j == b.len() || (i < a.len() && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
            push(DiffKind::Removed, a[i]);
            i += 1;
        } else {
            push(DiffKind::Added, b[j]);
            j += 1;
        }
    }
    regroup(out)
}

/// Joins each run of changes, with the spaces between its words, into one removed and one
/// added piece: `The second<ins>, better </ins>sentence.` rather than a change per word.
fn regroup(pieces: Vec<DiffPiece>) -> Vec<DiffPiece> {
    let mut out: Vec<DiffPiece> = Vec::new();
    let (mut del, mut ins, mut spaces) = (String::new(), String::new(), String::new());
    let push = |out: &mut Vec<DiffPiece>, kind: DiffKind, text: &str| match out.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(text),
        _ if text.is_empty() => {}
        _ => out.push(DiffPiece {
            kind,
            text: text.to_string(),
        }),
    };
    for p in pieces {
        let changing = !del.is_empty() || !ins.is_empty();
        match p.kind {
            DiffKind::Same if changing && p.text.trim().is_empty() => spaces.push_str(&p.text),
            DiffKind::Same => {
                push(&mut out, DiffKind::Removed, &std::mem::take(&mut del));
                push(&mut out, DiffKind::Added, &std::mem::take(&mut ins));
                push(&mut out, DiffKind::Same, &std::mem::take(&mut spaces));
                push(&mut out, DiffKind::Same, &p.text);
            }
            kind => {
                for side in [&mut del, &mut ins] {
                    if !side.is_empty() {
                        side.push_str(&spaces);
                    }
                }
                spaces.clear();
                let side = if kind == DiffKind::Removed {
                    &mut del
                } else {
                    &mut ins
                };
                side.push_str(&p.text);
            }
        }
    }
    push(&mut out, DiffKind::Removed, &del);
    push(&mut out, DiffKind::Added, &ins);
    push(&mut out, DiffKind::Same, &spaces);
    out
}

/// An event of the log, told in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Told {
    /// Who did it: a name, `(automatic)` or `(deleted user)`.
    pub who: String,
    /// What they did, after their name.
    pub what: Vec<Part>,
    /// The beads the change replaced (only those it touched).
    pub before: Vec<BeadRef>,
    /// The beads it made.
    pub after: Vec<BeadRef>,
    /// A wording's old → new.
    pub diff: Vec<DiffPiece>,
    /// What `note` is: `Reason`, `Comment`.
    pub note_label: &'static str,
    /// A rejection's reason or a comment's text.
    pub note: Option<String>,
}

impl Told {
    fn new(who: String) -> Told {
        Told {
            who,
            what: Vec::new(),
            before: Vec::new(),
            after: Vec::new(),
            diff: Vec::new(),
            note_label: "",
            note: None,
        }
    }

    /// What was done, in one line without the name: `suggested merging bead 7 («…» / —)
    /// with bead 8 («…» / «…»)`.
    pub fn what_line(&self) -> String {
        line_of(&self.what)
    }

    /// The whole description in one line: `alice suggested merging bead 7 …`.
    pub fn line(&self) -> String {
        format!("{} {}", self.who, self.what_line())
    }

    fn say(&mut self, text: impl Into<String>) {
        self.what.push(Part::words(text));
    }

    fn name(&mut self, b: BeadRef) {
        self.what.push(Part::bead(b));
    }
}

/// Pieces in one line, a bead as `bead 7 («…» / —)`.
pub fn line_of(pieces: &[Part]) -> String {
    pieces
        .iter()
        .map(|p| match &p.bead {
            Some(b) if b.excerpt().is_empty() => b.name(),
            Some(b) => format!("{} {}", b.name(), b.excerpt()),
            None => p.text.clone(),
        })
        .collect()
}

fn side_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "Russian",
        Lang::En => "English",
    }
}

/// The gerund phrase of a suggestion: `merging bead 7 (…) with bead 8 (…)`. `first` is the
/// number of its first old bead (of its bead, for a wording).
pub fn proposal_words(p: &Proposal, first: Option<usize>, texts: &Texts) -> Vec<Part> {
    let mut t = Told::new(String::new());
    let num = |i: usize| first.map(|f| f + i);
    let old = |i: usize| p.old.get(i).map(|s| bead_ref(s, num(i), texts));
    let new = |i: usize| p.new.get(i).map(|s| bead_ref(s, num(i), texts));
    let pair = |t: &mut Told, verb: &str, a: Option<BeadRef>, link: &str, b: Option<BeadRef>| {
        if let (Some(a), Some(b)) = (a, b) {
            t.say(verb);
            t.name(a);
            t.say(link);
            t.name(b);
            true
        } else {
            false
        }
    };
    let told = match &p.change {
        Change::MergeNext => pair(&mut t, "merging ", old(0), " with ", old(1)),
        Change::MergePrev => pair(&mut t, "merging ", old(1), " with ", old(0)),
        Change::PairNext => pair(&mut t, "pairing ", old(0), " with ", old(1)),
        Change::Split { .. } => match old(0) {
            Some(b) => {
                t.say("splitting ");
                t.name(b);
                pair(&mut t, " into ", new(0), " and ", new(1))
            }
            None => false,
        },
        Change::Unpair => {
            old(0).map(|b| {
                t.say("unpairing ");
                t.name(b);
            }) == Some(())
        }
        Change::MoveFirstToPrev { lang } => {
            let verb = format!("moving the first {} sentence of ", side_name(*lang));
            pair(&mut t, &verb, old(1), " to ", old(0))
        }
        Change::MoveLastToNext { lang } => {
            let verb = format!("moving the last {} sentence of ", side_name(*lang));
            pair(&mut t, &verb, old(0), " to ", old(1))
        }
        Change::Wording { lang, idx, .. } => {
            t.say(format!(
                "a new {} wording of sentence {}",
                side_name(*lang),
                idx + 1
            ));
            if first.is_some() {
                t.say(" in ");
                t.name(BeadRef {
                    number: first,
                    ru: String::new(),
                    en: String::new(),
                    link: texts.get(*lang, *idx).and_then(|q| q.bead),
                });
            }
            true
        }
    };
    if !told {
        t.what = vec![Part::words(p.change.label().to_lowercase())];
    }
    t.what
}

/// The word diff of a wording suggestion: its base → its text.
fn proposal_diff(p: &Proposal) -> Vec<DiffPiece> {
    match (&p.change, &p.base_text) {
        (Change::Wording { text, .. }, Some(base)) => word_diff(base, text),
        (Change::Wording { text, .. }, None) => word_diff("", text),
        _ => Vec::new(),
    }
}

/// `alice's` (or `their own`, when the author did it).
fn whose(p: &Proposal, who: &str) -> String {
    match p.author.as_deref() {
        Some(a) if a == who => "their own".into(),
        Some(a) => format!("{a}'s"),
        None => "a deleted user's".into(),
    }
}

/// Tells the event `e` in words.
///
/// # Example
/// ```
/// use sverka::review::history::{Proposal, describe};
/// use sverka::review::{Action, Change, Event, SuggestionStatus};
/// use sverka::Span;
/// let mut e = Event {
///     id: 1, doc_id: Some(1), user: Some("alice".into()), at: String::new(),
///     action: Action::Suggest, target: None, before: None, after: None,
///     position: Some(7), span: None, context: Default::default(),
/// };
/// e.context.proposal = Some(Proposal {
///     change: Change::MergeNext,
///     old: vec![Span::new(6..7, 6..6), Span::new(7..8, 6..7)],
///     new: vec![Span::new(6..8, 6..7)],
///     base_text: None, author: Some("alice".into()),
///     status: SuggestionStatus::Open, reason: None,
/// });
/// let told = describe(&e);
/// assert_eq!(told.line(), "alice suggested merging bead 7 («…» / —) with bead 8 («…» / «…»)");
/// ```
pub fn describe(e: &Event) -> Told {
    // No user: the program acted (an automatic application, or a document added by
    // `sverka import` or the server's first start), or the account is gone.
    let who = e.user.clone().unwrap_or_else(|| match e.action {
        Action::Apply | Action::DocumentAdd => "(automatic)".into(),
        _ => "(deleted user)".into(),
    });
    let mut t = Told::new(who);
    let texts = &e.context.texts;
    match e.action {
        Action::Suggest | Action::Reject | Action::Withdraw => suggestion_event(e, &mut t),
        Action::Apply => apply_event(e, &mut t),
        Action::ApproveBead => approve_event(e, &mut t),
        Action::Revert => revert_event(e, &mut t),
        Action::Comment => {
            t.say("commented on ");
            match &e.span {
                Some(s) => t.name(bead_ref(s, e.position, texts)),
                None => t.say("a bead"),
            }
            t.note_label = "Comment";
            t.note = e.after.clone();
        }
        Action::Vote => {
            let verb = match e.after.as_deref().map(str::trim) {
                Some("1") => "voted for ",
                Some("-1") => "voted against ",
                _ => "withdrew a vote on ",
            };
            t.say(verb);
            t.say(match e.target {
                Some(super::model::Target::Suggestion(_)) => "a suggestion",
                _ => "a bead",
            });
        }
        Action::DocumentAdd | Action::DocumentDelete => document_event(e, &mut t),
        Action::UserAdd => t.say("added an account"),
        Action::UserSet => t.say("changed an account"),
        Action::PasswordSet => t.say("set a password"),
    }
    t
}

/// Suggest, reject, withdraw: the suggestion in words.
fn suggestion_event(e: &Event, t: &mut Told) {
    let Some(p) = &e.context.proposal else {
        t.say(match e.action {
            Action::Suggest => "suggested a change",
            Action::Reject => "rejected a suggestion",
            _ => "withdrew a suggestion",
        });
        if e.action == Action::Reject {
            t.note_label = "Reason";
            t.note = e.after.clone();
        }
        return;
    };
    match e.action {
        Action::Suggest => t.say("suggested "),
        Action::Reject => {
            let whose = whose(p, &t.who);
            t.say(format!("rejected {whose} suggestion: "));
            t.note_label = "Reason";
            t.note = e.after.clone().or_else(|| p.reason.clone());
        }
        _ => t.say("withdrew their suggestion: "),
    }
    t.what
        .extend(proposal_words(p, e.position, &e.context.texts));
    t.diff = proposal_diff(p);
}

/// The beads `after` made of `before`'s sentences, and those it replaced: only beads whose
/// sentences changed. `first` numbers the first bead of both.
fn touched(before: &Snapshot, after: &Snapshot, first: Option<usize>, texts: &Texts) -> Touched {
    let pick = |from: &Snapshot, other: &Snapshot| -> Vec<BeadRef> {
        from.beads
            .iter()
            .enumerate()
            .filter(|(_, b)| !other.beads.iter().any(|o| o.span == b.span))
            .map(|(i, b)| bead_ref(&b.span, first.map(|f| f + i), texts))
            .collect()
    };
    let status_changed = before
        .beads
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            let now = after.beads.iter().find(|a| a.span == b.span)?;
            (now.status != b.status)
                .then(|| (bead_ref(&b.span, first.map(|f| f + i), texts), now.status))
        })
        .collect();
    Touched {
        before: pick(before, after),
        after: pick(after, before),
        status_changed,
    }
}

/// What an alignment or wording event changed.
struct Touched {
    before: Vec<BeadRef>,
    after: Vec<BeadRef>,
    /// Beads that kept their sentences but changed status, with their new status.
    status_changed: Vec<(BeadRef, Status)>,
}

/// The word diff of the wordings two snapshots keep (the first differing sentence).
fn snapshot_diff(before: &Snapshot, after: &Snapshot) -> Vec<DiffPiece> {
    before
        .wording
        .iter()
        .find_map(|w| {
            let now = after
                .wording
                .iter()
                .find(|a| a.lang == w.lang && a.idx == w.idx)?;
            (now.text != w.text).then(|| word_diff(&w.text, &now.text))
        })
        .unwrap_or_default()
}

/// An applied suggestion: whose, what, and the beads it touched.
fn apply_event(e: &Event, t: &mut Told) {
    let before = Snapshot::parse(e.before.as_deref()).unwrap_or_default();
    let after = Snapshot::parse(e.after.as_deref()).unwrap_or_default();
    let texts = &e.context.texts;
    let automatic = e.user.is_none();
    match &e.context.proposal {
        Some(p) => {
            let whose = whose(p, &t.who);
            t.say(if automatic {
                format!("applied {whose} suggestion once its votes reached the threshold: ")
            } else {
                format!("approved and applied {whose} suggestion: ")
            });
            let j = p
                .old
                .first()
                .and_then(|o| before.beads.iter().position(|b| b.span == *o))
                .unwrap_or(0);
            t.what
                .extend(proposal_words(p, e.position.map(|f| f + j), texts));
        }
        None => t.say("applied a suggestion"),
    }
    let touched = touched(&before, &after, e.position, texts);
    t.before = touched.before;
    t.after = touched.after;
    t.diff = snapshot_diff(&before, &after);
}

/// A bead approved as it is.
fn approve_event(e: &Event, t: &mut Told) {
    let before = Snapshot::parse(e.before.as_deref()).unwrap_or_default();
    t.say("approved ");
    match before.beads.first() {
        Some(b) => {
            t.name(bead_ref(&b.span, e.position, &e.context.texts));
            t.say(format!(
                " as it is (the aligner's confidence {:.2})",
                b.score
            ));
        }
        None => t.say("a bead as it is"),
    }
}

/// A revert, or a step of a restore.
fn revert_event(e: &Event, t: &mut Told) {
    let before = Snapshot::parse(e.before.as_deref()).unwrap_or_default();
    let after = Snapshot::parse(e.after.as_deref()).unwrap_or_default();
    let undone = match &e.context.reverted {
        Some(r) => format!("the change of {} ({})", r.at, r.told),
        None => "a change".into(),
    };
    if after.restore_to.is_some() {
        t.say(format!(
            "restored the document to an earlier state, undoing {undone}"
        ));
    } else {
        t.say(format!("reverted {undone}"));
    }
    let touched = touched(&before, &after, e.position, &e.context.texts);
    for (b, status) in touched.status_changed {
        t.say(": ");
        t.name(b);
        t.say(match status {
            Status::Approved => " is approved again",
            Status::Automatic => " is no longer approved",
        });
    }
    t.before = touched.before;
    t.after = touched.after;
    t.diff = snapshot_diff(&before, &after);
}

/// A document added or deleted.
fn document_event(e: &Event, t: &mut Told) {
    let json = if e.action == Action::DocumentAdd {
        &e.after
    } else {
        &e.before
    };
    let v: serde_json::Value = json
        .as_deref()
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default();
    let title = v["title"].as_str().unwrap_or("");
    if e.action == Action::DocumentDelete {
        t.say(format!("deleted the document «{title}»"));
        return;
    }
    let n = |k: &str| v[k].as_u64().unwrap_or(0);
    t.say(format!(
        "added the document «{title}»: {} Russian and {} English sentences in {} beads",
        n("ru_sentences"),
        n("en_sentences"),
        n("beads")
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts() -> Texts {
        let mut t = Texts::default();
        for i in 0..10 {
            t.insert(
                Lang::Ru,
                i,
                Quoted {
                    text: format!("Русское предложение {i}."),
                    bead: Some(100 + i as i64),
                },
            );
            t.insert(
                Lang::En,
                i,
                Quoted {
                    text: format!("English sentence {i}."),
                    bead: Some(100 + i as i64),
                },
            );
        }
        t
    }

    fn event(action: Action) -> Event {
        Event {
            id: 1,
            doc_id: Some(1),
            user: Some("ada".into()),
            at: "2025-01-01 12:00:00".into(),
            action,
            target: None,
            before: None,
            after: None,
            position: Some(3),
            span: None,
            context: EventContext {
                texts: texts(),
                ..Default::default()
            },
        }
    }

    fn state(span: Span, status: Status) -> BeadState {
        BeadState {
            span,
            score: 0.5,
            status,
        }
    }

    #[test]
    fn without_a_user_the_program_acted_or_the_account_is_gone() {
        let mut added = event(Action::DocumentAdd);
        added.user = None;
        assert_eq!(describe(&added).who, "(automatic)");
        let mut applied = event(Action::Apply);
        applied.user = None;
        assert_eq!(describe(&applied).who, "(automatic)");
        let mut vote = event(Action::Vote);
        vote.user = None;
        assert_eq!(describe(&vote).who, "(deleted user)");
    }

    #[test]
    fn word_diff_keeps_every_word_once() {
        let d = word_diff("Он пришёл домой поздно.", "Он вернулся домой очень поздно.");
        let old: String = d
            .iter()
            .filter(|p| p.kind != DiffKind::Added)
            .map(|p| p.text.as_str())
            .collect();
        let new: String = d
            .iter()
            .filter(|p| p.kind != DiffKind::Removed)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(old, "Он пришёл домой поздно.");
        assert_eq!(new, "Он вернулся домой очень поздно.");
        assert!(d.iter().any(|p| p.added() && p.text.contains("вернулся")));
        assert!(d.iter().any(|p| p.removed() && p.text == "пришёл"));
        assert_eq!(word_diff("same", "same").len(), 1);
    }

    #[test]
    fn an_applied_merge_names_only_the_touched_beads() {
        let mut e = event(Action::Apply);
        let (a, b, c) = (
            Span::new(2..3, 2..3),
            Span::new(3..4, 3..3),
            Span::new(4..5, 3..4),
        );
        let before = Snapshot {
            beads: vec![
                state(a.clone(), Status::Automatic),
                state(b.clone(), Status::Automatic),
                state(c.clone(), Status::Automatic),
            ],
            ..Default::default()
        };
        let after = Snapshot {
            beads: vec![
                state(a.clone(), Status::Automatic),
                state(b.to(&c), Status::Approved),
            ],
            ..Default::default()
        };
        e.before = Some(serde_json::to_string(&before).unwrap());
        e.after = Some(serde_json::to_string(&after).unwrap());
        e.context.proposal = Some(Proposal {
            change: Change::MergeNext,
            old: vec![b.clone(), c.clone()],
            new: vec![b.to(&c)],
            base_text: None,
            author: Some("bob".into()),
            status: SuggestionStatus::Applied,
            reason: None,
        });
        let told = describe(&e);
        assert_eq!(
            told.line(),
            "ada approved and applied bob's suggestion: merging bead 4 («Русское предложение 3.» / —) \
             with bead 5 («Русское предложение 4.» / «English sentence 3.»)"
        );
        assert_eq!(told.before.len(), 2, "the unchanged neighbour is left out");
        assert_eq!(told.after.len(), 1);
        assert_eq!(told.after[0].number, Some(4));
        assert_eq!(told.after[0].link, Some(103));
    }

    #[test]
    fn a_rejected_wording_has_its_diff_and_reason() {
        let mut e = event(Action::Reject);
        e.after = Some("not better".into());
        e.context.proposal = Some(Proposal {
            change: Change::Wording {
                lang: Lang::En,
                idx: 4,
                text: "A new sentence.".into(),
            },
            old: vec![],
            new: vec![],
            base_text: Some("An old sentence.".into()),
            author: Some("bob".into()),
            status: SuggestionStatus::Rejected,
            reason: Some("not better".into()),
        });
        let told = describe(&e);
        assert_eq!(
            told.line(),
            "ada rejected bob's suggestion: a new English wording of sentence 5 in bead 3"
        );
        assert_eq!(told.note.as_deref(), Some("not better"));
        assert!(
            told.diff
                .iter()
                .any(|d| d.removed() && d.text.contains("old"))
        );
    }
}
