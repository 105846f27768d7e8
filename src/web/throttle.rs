//! Password throttling: repeated failed sign-ins, or wrong current passwords on the
//! change-password form, lock the account name (and the client address) out for a while,
//! doubling with each further failure. Both count against the same account name, so a
//! stolen session cannot guess its user's password faster than a stranger at the sign-in form.
//!
//! The counters live in memory (a restart forgets them) and are keyed by the lower-cased
//! account name and, when the server knows it, the client's IP address. The name key stops
//! password guessing against one account from many addresses; the address key stops one
//! client from trying many names. Its limit is higher, since people behind one NAT share it.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::WebError;

/// Failed sign-ins for one account name before it is locked.
pub const NAME_FAILURES: u32 = 5;
/// Failed sign-ins from one address before it is locked.
pub const ADDRESS_FAILURES: u32 = 20;
/// The first lockout; each further failure doubles it, up to [`MAX_LOCKOUT`].
pub const FIRST_LOCKOUT: Duration = Duration::from_secs(30);
/// The longest lockout (15 minutes).
pub const MAX_LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// Failures older than this are forgotten (an hour).
pub const FORGET_AFTER: Duration = Duration::from_secs(3600);
/// Keys kept at most; past this, forgotten and unlocked entries are dropped first, then all.
const MAX_KEYS: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Name(String),
    Address(IpAddr),
}

#[derive(Debug, Clone, Copy)]
struct Record {
    failures: u32,
    last: Instant,
    locked_until: Option<Instant>,
}

/// Failed password counters shared by the sign-in and change-password routes.
#[derive(Debug, Clone, Default)]
pub struct Throttle(Arc<Mutex<HashMap<Key, Record>>>);

impl Throttle {
    /// An empty throttle.
    pub fn new() -> Throttle {
        Throttle::default()
    }

    /// How long the longest lock on these keys still lasts, if any is locked at `now`.
    fn locked(&self, keys: &[Key], now: Instant) -> Option<Duration> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        keys.iter()
            .filter_map(|k| map.get(k)?.locked_until)
            .filter(|until| *until > now)
            .map(|until| until - now)
            .max()
    }

    fn fail(&self, keys: &[Key], now: Instant) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_KEYS {
            map.retain(|_, r| {
                now.duration_since(r.last) < FORGET_AFTER || r.locked_until.is_some_and(|u| u > now)
            });
            if map.len() >= MAX_KEYS {
                map.clear();
            }
        }
        for k in keys {
            let r = map.entry(k.clone()).or_insert(Record {
                failures: 0,
                last: now,
                locked_until: None,
            });
            if now.duration_since(r.last) >= FORGET_AFTER {
                r.failures = 0;
            }
            r.failures += 1;
            r.last = now;
            let limit = match k {
                Key::Name(_) => NAME_FAILURES,
                Key::Address(_) => ADDRESS_FAILURES,
            };
            if r.failures >= limit {
                let doublings = (r.failures - limit).min(16);
                let lock = FIRST_LOCKOUT
                    .saturating_mul(1 << doublings)
                    .min(MAX_LOCKOUT);
                r.locked_until = Some(now + lock);
            }
        }
    }

    fn succeed(&self, name: &Key) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(name);
    }
}

/// The `name` field of a URL-encoded form, decoded and lower-cased.
fn form_name(body: &[u8]) -> String {
    let raw = body
        .split(|b| *b == b'&')
        .filter_map(|kv| {
            let at = kv.iter().position(|b| *b == b'=')?;
            Some((&kv[..at], &kv[at + 1..]))
        })
        .find(|(k, _)| *k == b"name")
        .map(|(_, v)| v)
        .unwrap_or_default();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < raw.len() => {
                match std::str::from_utf8(&raw[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).trim().to_lowercase()
}

/// What a throttled form checks, for the 429's wording.
#[derive(Debug, Clone, Copy)]
enum Attempt {
    SignIn,
    CurrentPassword,
}

/// The client address of a request, when the server knows it.
fn address(req: &Request) -> Option<IpAddr> {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

/// The 429 of a locked name or address, with `Retry-After`.
fn too_many(attempt: Attempt, wait: Duration) -> Response {
    let secs = wait.as_secs().max(1);
    let what = match attempt {
        Attempt::SignIn => "failed sign-ins",
        Attempt::CurrentPassword => "wrong passwords",
    };
    let mut resp = WebError::TooManyRequests(format!(
        "too many {what}; try again in {}",
        if secs >= 60 {
            format!("{} min", secs.div_ceil(60))
        } else {
            format!("{secs} s")
        }
    ))
    .into_response();
    resp.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    resp
}

/// Runs `req` unless `keys` are locked; counts a 401 answer as a failure and clears the name
/// (the first key) on a redirect (success).
async fn guarded(
    throttle: &Throttle,
    keys: Vec<Key>,
    attempt: Attempt,
    req: Request,
    next: Next,
) -> Response {
    if let Some(wait) = throttle.locked(&keys, Instant::now()) {
        return too_many(attempt, wait);
    }
    let resp = next.run(req).await;
    if resp.status() == StatusCode::UNAUTHORIZED {
        throttle.fail(&keys, Instant::now());
    } else if resp.status().is_redirection() {
        throttle.succeed(&keys[0]);
    }
    resp
}

/// Middleware on `POST /signin`: refuses (429, with `Retry-After`) while the name or the
/// address is locked, counts a failure for every 401 the handler answers, and clears the
/// name's count on success.
pub(crate) async fn signin_throttle(
    State(throttle): State<Throttle>,
    req: Request,
    next: Next,
) -> Response {
    let address = address(&req);
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, super::MAX_BODY_BYTES).await else {
        return WebError::BadRequest("the sign-in form could not be read".into()).into_response();
    };
    let mut keys = vec![Key::Name(form_name(&bytes))];
    keys.extend(address.map(Key::Address));
    let req = Request::from_parts(parts, Body::from(bytes));
    guarded(&throttle, keys, Attempt::SignIn, req, next).await
}

/// Middleware on `POST /account/password`: the same counts as [`signin_throttle`], keyed by
/// the signed-in user's name (a 401 there is a wrong current password). Anonymous requests
/// pass (the handler answers them 401 without checking anything).
pub(crate) async fn password_throttle(
    State(throttle): State<Throttle>,
    req: Request,
    next: Next,
) -> Response {
    let name = req
        .extensions()
        .get::<super::Visitor>()
        .and_then(|v| v.user.as_ref())
        .map(|u| u.name.trim().to_lowercase());
    let Some(name) = name else {
        return next.run(req).await;
    };
    let mut keys = vec![Key::Name(name)];
    keys.extend(address(&req).map(Key::Address));
    guarded(&throttle, keys, Attempt::CurrentPassword, req, next).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_decoded_and_folded() {
        assert_eq!(form_name(b"name=Anna+K%C3%A1&password=x"), "anna ká");
        assert_eq!(form_name(b"password=x"), "");
        assert_eq!(form_name(b"name=%zz%4"), "%zz%4");
        assert_eq!(form_name(b"name=%"), "%");
    }

    #[test]
    fn locks_after_the_limit_and_doubles() {
        let t = Throttle::new();
        let keys = [Key::Name("anna".into())];
        let now = Instant::now();
        for _ in 0..NAME_FAILURES - 1 {
            t.fail(&keys, now);
        }
        assert_eq!(t.locked(&keys, now), None);
        t.fail(&keys, now);
        assert_eq!(t.locked(&keys, now), Some(FIRST_LOCKOUT));
        t.fail(&keys, now);
        assert_eq!(t.locked(&keys, now), Some(FIRST_LOCKOUT * 2));
        for _ in 0..40 {
            t.fail(&keys, now);
        }
        assert_eq!(t.locked(&keys, now), Some(MAX_LOCKOUT));
        assert_eq!(t.locked(&keys, now + MAX_LOCKOUT), None);
        // Other names are not affected; success clears the count.
        assert_eq!(t.locked(&[Key::Name("boris".into())], now), None);
        t.succeed(&keys[0]);
        assert_eq!(t.locked(&keys, now), None);
    }

    #[test]
    fn old_failures_are_forgotten() {
        let t = Throttle::new();
        let keys = [Key::Name("anna".into())];
        let now = Instant::now();
        for _ in 0..NAME_FAILURES - 1 {
            t.fail(&keys, now);
        }
        t.fail(&keys, now + FORGET_AFTER);
        assert_eq!(t.locked(&keys, now + FORGET_AFTER), None);
    }
}
