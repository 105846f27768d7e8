//! One-time notices of a visitor's own actions ("Your vote on bead 3 is recorded."): a
//! handler adds a [`Flash`] to its answer; after a redirect the next page shows it once (a
//! short-lived cookie carries it there), and an htmx answer gets it as a `sverka-notice`
//! event for the page's notice area.

use std::convert::Infallible;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponseParts, Response, ResponseParts};

use super::AppState;
use super::auth::{cookie, set_cookie};

/// The cookie carrying a notice to the next page.
const FLASH_COOKIE: &str = "sverka_flash";
/// How long a notice waits for its page, in seconds.
const FLASH_SECONDS: i64 = 60;
/// The longest notice kept, in characters.
const FLASH_CHARS: usize = 300;

/// A notice of what the visitor just did, for the page they land on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Flash(pub(crate) String);

impl IntoResponseParts for Flash {
    type Error = Infallible;

    fn into_response_parts(self, mut res: ResponseParts) -> Result<ResponseParts, Infallible> {
        res.extensions_mut().insert(self);
        Ok(res)
    }
}

tokio::task_local! {
    /// The notice the page being rendered shows.
    static SHOWN: Option<String>;
}

/// The notice the page being rendered shows, if any (see [`flash_layer`]).
pub(crate) fn current() -> Option<String> {
    SHOWN.try_with(Clone::clone).ok().flatten()
}

/// The notice of an action whose handler names none, by its path.
fn default_for(method: &Method, path: &str) -> Option<&'static str> {
    if method != Method::POST {
        return None;
    }
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        ["events", _, "revert"] => {
            Some("The change is reverted. (Its revert is in the history too.)")
        }
        ["documents", _, "beads", _, "comment"] => Some("Your comment is posted."),
        _ => None,
    }
}

/// Whether a request asks for a whole page (not a fragment, a stream or a file).
fn is_page_view(req: &Request) -> bool {
    req.method() == Method::GET
        && !req.headers().contains_key("hx-request")
        && !req.uri().query().is_some_and(|q| q.contains("partial="))
        && !req.uri().path().starts_with("/static/")
        && !req.uri().path().ends_with("/live")
}

fn is_html(resp: &Response) -> bool {
    resp.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

fn encode(msg: &str) -> String {
    let short: String = msg.chars().take(FLASH_CHARS).collect();
    form_urlencoded::byte_serialize(short.as_bytes()).collect()
}

fn decode(value: &str) -> Option<String> {
    let text: String = form_urlencoded::parse(format!("m={value}").as_bytes())
        .next()?
        .1
        .chars()
        .take(FLASH_CHARS)
        .collect();
    (!text.trim().is_empty()).then_some(text)
}

/// The `HX-Trigger` value carrying `msg` as a `sverka-notice`, keeping an event already
/// named in `existing`.
fn hx_trigger(existing: Option<&str>, msg: &str) -> Option<HeaderValue> {
    let mut events = serde_json::Map::new();
    match existing.map(str::trim) {
        Some(e) if e.starts_with('{') => return None,
        Some(e) if !e.is_empty() => {
            for name in e.split(',') {
                events.insert(name.trim().to_string(), serde_json::Value::Null);
            }
        }
        _ => {}
    }
    events.insert("sverka-notice".into(), serde_json::json!({ "value": msg }));
    HeaderValue::from_str(&serde_json::Value::Object(events).to_string()).ok()
}

/// Middleware: shows a waiting notice on the next whole page (and then forgets it), and
/// hands on the notice of an action: as a cookie before a redirect, as an htmx event
/// otherwise.
pub(crate) async fn flash_layer(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let waiting = cookie(req.headers(), FLASH_COOKIE).and_then(decode);
    let shown = waiting.filter(|_| is_page_view(&req));
    let hx = req.headers().contains_key("hx-request");
    let default = default_for(req.method(), req.uri().path());
    let showing = shown.is_some();
    let mut resp = SHOWN.scope(shown, next.run(req)).await;
    let flash = resp
        .extensions_mut()
        .remove::<Flash>()
        .map(|f| f.0)
        .or_else(|| {
            default
                .filter(|_| resp.status().is_redirection())
                .map(str::to_string)
        });
    let secure = state.config().secure_cookies;
    match flash {
        Some(msg) if hx => {
            let existing = resp
                .headers()
                .get("hx-trigger")
                .and_then(|v| v.to_str().ok());
            if let Some(v) = hx_trigger(existing, &msg) {
                resp.headers_mut().insert("hx-trigger", v);
            }
        }
        Some(msg) => {
            let c = set_cookie(FLASH_COOKIE, &encode(&msg), FLASH_SECONDS, secure);
            resp.headers_mut().append(header::SET_COOKIE, c);
        }
        None if showing && resp.status().is_success() && is_html(&resp) => {
            let c = set_cookie(FLASH_COOKIE, "", 0, secure);
            resp.headers_mut().append(header::SET_COOKIE, c);
        }
        None => {}
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_survive_the_cookie() {
        let m = "You voted on bead 3 «Первое»; 100% sure.";
        assert_eq!(decode(&encode(m)).as_deref(), Some(m));
        assert!(encode(m).bytes().all(|b| b.is_ascii_graphic()));
        assert_eq!(decode(""), None);
    }

    #[test]
    fn a_notice_joins_an_htmx_event_already_named() {
        let v = hx_trigger(Some("sverka-reload"), "Done.").unwrap();
        let j: serde_json::Value = serde_json::from_str(v.to_str().unwrap()).unwrap();
        assert!(j.get("sverka-reload").is_some());
        assert_eq!(j["sverka-notice"]["value"], "Done.");
        assert!(hx_trigger(Some("{\"sverka-notice\":1}"), "x").is_none());
    }

    #[test]
    fn reverts_and_comments_have_a_notice_of_their_own() {
        assert!(default_for(&Method::POST, "/events/4/revert").is_some());
        assert!(default_for(&Method::POST, "/documents/1/beads/2/comment").is_some());
        assert!(default_for(&Method::GET, "/events/4/revert").is_none());
        assert!(default_for(&Method::POST, "/documents/1/beads/2/vote").is_none());
    }
}
