//! Live updates: every change to a document is broadcast to the review pages open on it as
//! Server-Sent Events (`GET /documents/{id}/live`).
//!
//! The server keeps no per-page state: a page that (re)connects simply listens from then on,
//! and one that was away refreshes its rows when it gets the stream back.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde::Serialize;
use tokio::sync::broadcast;

use super::{AppState, Visitor, WebError, WebResult};
use crate::review::{BeadId, DocId};
use crate::storage::StoreError;

/// How many changes a slow page may fall behind before it is told to refresh everything.
pub const LIVE_BUFFER: usize = 256;

/// How long a browser waits before reconnecting a dropped stream, in milliseconds.
pub const RECONNECT_MS: u64 = 1000;

/// What happened to a document, as its open pages are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LiveKind {
    /// A vote on a bead or a suggestion.
    Vote,
    /// A suggestion was made.
    Suggest,
    /// A comment was written.
    Comment,
    /// A bead was approved as it is.
    Approve,
    /// A suggestion was applied.
    Apply,
    /// A suggestion was rejected.
    Reject,
    /// A change was reverted, or the document restored to an earlier state.
    Revert,
    /// A reviewer withdrew their own suggestion.
    Withdraw,
}

impl LiveKind {
    /// The notice of the visitor's own action on bead number `n` (1-based), or on the
    /// alignment when the bead is gone.
    pub(crate) fn own_notice(self, n: Option<usize>) -> String {
        let what = match n {
            Some(n) => format!("bead {n}"),
            None => "the alignment".to_string(),
        };
        let more = match self {
            LiveKind::Approve | LiveKind::Apply => {
                " An admin can revert it from the history (or the bead's page)."
            }
            _ => "",
        };
        format!("You {} {what}.{more}", self.verb())
    }

    /// The verb of the notice, e.g. `voted on` (bead 3).
    fn verb(self) -> &'static str {
        match self {
            LiveKind::Vote => "voted on",
            LiveKind::Suggest => "suggested a change to",
            LiveKind::Comment => "commented on",
            LiveKind::Approve => "approved",
            LiveKind::Apply => "applied a change to",
            LiveKind::Reject => "rejected a suggestion on",
            LiveKind::Revert => "reverted a change to",
            LiveKind::Withdraw => "withdrew a suggestion on",
        }
    }
}

/// One change to a document, as sent to the pages open on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveEvent {
    /// The document changed.
    #[serde(skip)]
    pub doc: DocId,
    /// What happened (`vote`, `suggest` … in JSON).
    pub kind: LiveKind,
    /// The bead it happened to, when it still exists.
    pub bead: Option<BeadId>,
    /// Whether beads were replaced (their ids change): pages reload their rows.
    pub structural: bool,
    /// Who did it (a user name).
    pub who: String,
    /// A one-line notice for the readers, e.g. `rev1 voted on bead 3`.
    pub message: String,
}

/// The broadcast channel of live events, and the signal that ends every stream on shutdown.
#[derive(Debug, Clone)]
pub(crate) struct Hub {
    events: broadcast::Sender<LiveEvent>,
    closing: tokio::sync::watch::Sender<bool>,
}

impl Hub {
    pub(crate) fn new() -> Hub {
        Hub {
            events: broadcast::channel(LIVE_BUFFER).0,
            closing: tokio::sync::watch::channel(false).0,
        }
    }

    /// Sends `e` to every listening page (none listening is fine).
    pub(crate) fn send(&self, e: LiveEvent) {
        let _ = self.events.send(e);
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.events.subscribe()
    }

    /// Ends every stream and refuses new ones.
    pub(crate) fn close(&self) {
        self.closing.send_replace(true);
    }

    /// A receiver of the closing signal.
    pub(crate) fn closing(&self) -> tokio::sync::watch::Receiver<bool> {
        self.closing.subscribe()
    }
}

impl AppState {
    /// Tells every open review page of `doc` what changed: the visitor `v` did `kind` to
    /// `bead`. Looks up the bead's position for the notice, and returns it (0-based; `None`
    /// when the bead is gone).
    pub(crate) async fn announce(
        &self,
        doc: DocId,
        bead: Option<BeadId>,
        kind: LiveKind,
        v: &Visitor,
        structural: bool,
    ) -> Option<usize> {
        let who = v.user.as_ref().map_or("someone", |u| u.name.as_str());
        let position = match bead {
            Some(b) => self
                .db(move |s| s.bead_position(doc, b))
                .await
                .ok()
                .and_then(Result::ok)
                .flatten(),
            None => None,
        };
        let what = kind.verb();
        // A suggestion is told in words: "suggested merging bead 7 («…» / —) with bead 8 …".
        let told = match (kind, bead) {
            (LiveKind::Suggest, Some(b)) => self
                .db(move |s| s.suggestion_notice(doc, b))
                .await
                .ok()
                .and_then(Result::ok)
                .flatten(),
            _ => None,
        };
        let message = match (told, position) {
            (Some(t), _) => format!("{who} {t}"),
            (None, Some(p)) => format!("{who} {what} bead {}", p + 1),
            (None, None) => format!("{who} {what} the alignment"),
        };
        self.hub().send(LiveEvent {
            doc,
            kind,
            bead: position.and(bead),
            structural,
            who: who.to_string(),
            message,
        });
        position
    }

    /// Ends every open live stream (and refuses new ones), so a graceful shutdown does not
    /// wait for the pages that listen.
    pub fn close_live(&self) {
        self.hub().close();
    }

    /// A receiver of every live event from now on (for tests and embedders).
    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.hub().subscribe()
    }

    /// How many live streams are open now (each open review or bead page holds one), plus
    /// the receivers of [`AppState::subscribe`] still alive.
    pub fn live_streams(&self) -> usize {
        self.hub().events.receiver_count()
    }
}

/// `GET /documents/{id}/live`: the document's changes as Server-Sent Events named `change`
/// (JSON [`LiveEvent`]s); `reload` when this page fell too far behind.
pub(crate) async fn stream(
    State(state): State<AppState>,
    Path(id): Path<DocId>,
) -> WebResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    state
        .db(move |s| s.document(id))
        .await??
        .ok_or(StoreError::NotFound("document"))?;
    let rx = state.subscribe();
    let mut closing = state.hub().closing();
    if *closing.borrow_and_update() {
        return Err(WebError::Conflict("the server is shutting down".into()));
    }
    let hello = Event::default()
        .event("hello")
        .retry(Duration::from_millis(RECONNECT_MS))
        .data("listening");
    let start = (Some(hello), rx, closing);
    let stream =
        futures_util::stream::unfold(start, move |(first, mut rx, mut closing)| async move {
            if let Some(e) = first {
                return Some((Ok(e), (None, rx, closing)));
            }
            loop {
                let next = tokio::select! {
                    e = rx.recv() => e,
                    _ = closing.changed() => return None,
                };
                let e = match next {
                    Ok(e) if e.doc == id => {
                        let data = serde_json::to_string(&e).unwrap_or_default();
                        Event::default().event("change").data(data)
                    }
                    Ok(_) => continue,
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        Event::default().event("reload").data("lagged")
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                };
                return Some((Ok(e), (None, rx, closing)));
            }
        });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
