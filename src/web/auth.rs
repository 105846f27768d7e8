//! Sessions, CSRF tokens and the visitor of a request.

use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::{AppState, WebError};
use crate::review::User;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "sverka_session";
/// The cookie holding an anonymous visitor's CSRF token.
pub const CSRF_COOKIE: &str = "sverka_csrf";
/// The form field (or `x-csrf-token` header) carrying the CSRF token.
pub const CSRF_FIELD: &str = "csrf";

/// A random token: 32 bytes from the thread-local CSPRNG, as 64 hex digits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn is_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Compares two strings in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A cookie value from the request headers.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/, and Secure when `secure`.
pub(crate) fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let s = format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&s).expect("cookie values are ASCII")
}

/// Who is making the request: the signed-in user (if any) and the CSRF token for forms.
#[derive(Debug, Clone)]
pub struct Visitor {
    /// The signed-in user.
    pub user: Option<User>,
    /// The CSRF token every form must carry.
    pub csrf: String,
    /// The session token, when signed in.
    pub(crate) session: Option<String>,
}

impl Visitor {
    /// The signed-in user, or 401.
    pub fn require_user(&self) -> Result<&User, WebError> {
        self.user.as_ref().ok_or(WebError::Unauthorized)
    }

    /// The signed-in admin, or 401/403.
    pub fn require_admin(&self) -> Result<&User, WebError> {
        let u = self.require_user()?;
        if u.is_admin() {
            Ok(u)
        } else {
            Err(WebError::admins_only())
        }
    }

    /// Whether the visitor is an admin.
    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(User::is_admin)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Visitor>()
            .cloned()
            .ok_or_else(|| WebError::internal("the visitor layer is missing"))
    }
}

/// Paths an anonymous visitor may open in `--private` mode.
fn public_path(path: &str) -> bool {
    matches!(path, "/signin" | "/register" | "/healthz") || path.starts_with("/static/")
}

/// The page where a user with a one-time password must choose their own.
pub(crate) const PASSWORD_PATH: &str = "/account/password";

/// Paths a user who must change their one-time password may still use: that form, signing
/// out, and the static files and health check.
fn open_before_password_change(path: &str) -> bool {
    matches!(path, PASSWORD_PATH | "/signout" | "/healthz") || path.starts_with("/static/")
}

/// While the signed-in user must change a one-time password: pages redirect to the form and
/// POSTs are refused (403), except on [`open_before_password_change`] paths.
fn password_change_gate(visitor: &Visitor, method: &Method, path: &str) -> Option<Response> {
    let must = visitor
        .user
        .as_ref()
        .is_some_and(|u| u.must_change_password);
    if !must || open_before_password_change(path) {
        return None;
    }
    Some(if method == Method::POST {
        WebError::Forbidden(
            "you signed in with a one-time password; choose your own password first".into(),
        )
        .into_response()
    } else {
        Redirect::to(PASSWORD_PATH).into_response()
    })
}

/// The CSRF token of a form body (`application/x-www-form-urlencoded`).
fn form_token(body: &[u8]) -> Option<String> {
    std::str::from_utf8(body)
        .ok()?
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == CSRF_FIELD)
        .map(|(_, v)| v.to_string())
}

/// The CSRF token of a multipart body: the part named `csrf`.
fn multipart_token(body: &[u8]) -> Option<String> {
    let needle = b"name=\"csrf\"";
    let at = body.windows(needle.len()).position(|w| w == needle)?;
    let rest = &body[at + needle.len()..];
    let start = rest.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let token = rest.get(start..start + 64)?;
    Some(String::from_utf8_lossy(token).into_owned())
}

/// Middleware: finds the visitor, refuses POSTs without the right CSRF token (403), keeps
/// anonymous visitors out in `--private` mode, and hands out the anonymous CSRF cookie.
pub(crate) async fn visitor_layer(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    match visit(state, req, next).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

/// Who sends a request, and the anonymous CSRF token it is given when it had none.
struct Identity {
    visitor: Visitor,
    /// A new anonymous CSRF token, to set as a cookie.
    new_cookie: Option<String>,
}

/// The visitor of a request with `headers`: the user of its session cookie, or an anonymous visitor with the
/// CSRF token of its cookie (or a new one).
async fn identify(state: &AppState, headers: &HeaderMap) -> Result<Identity, WebError> {
    let session_token = cookie(headers, SESSION_COOKIE)
        .filter(|t| is_token(t))
        .map(str::to_string);
    let session = match session_token.clone() {
        Some(t) => state.db(move |s| s.session(&t)).await??,
        None => None,
    };
    if let Some(s) = session {
        return Ok(Identity {
            visitor: Visitor {
                user: Some(s.user),
                csrf: s.csrf,
                session: session_token,
            },
            new_cookie: None,
        });
    }
    let known = cookie(headers, CSRF_COOKIE).filter(|t| is_token(t));
    let new_cookie = known.is_none().then(random_token);
    let csrf = known.map(str::to_string).or_else(|| new_cookie.clone());
    Ok(Identity {
        visitor: Visitor {
            user: None,
            csrf: csrf.unwrap_or_default(),
            session: None,
        },
        new_cookie,
    })
}

/// Reads a POST's body and checks its CSRF token (the `x-csrf-token` header, the form field
/// or the multipart part) against the visitor's; returns the request with the body put back.
async fn check_csrf(req: Request, csrf: &str) -> Result<Request, WebError> {
    let header_token = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, super::MAX_BODY_BYTES)
        .await
        .map_err(|_| {
            WebError::TooLarge(format!(
                "the request is larger than {} MB",
                super::MAX_BODY_BYTES / 1_000_000
            ))
        })?;
    let token = header_token.or_else(|| {
        if multipart {
            multipart_token(&bytes)
        } else {
            form_token(&bytes)
        }
    });
    if !token.is_some_and(|t| same(&t, csrf)) {
        return Err(WebError::Forbidden(
            "the form's security token is missing or out of date; reload the page and try again"
                .into(),
        ));
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

async fn visit(state: AppState, req: Request, next: Next) -> Result<Response, WebError> {
    let Identity {
        visitor,
        new_cookie,
    } = identify(&state, req.headers()).await?;
    let with_cookie = |mut resp: Response| {
        if let Some(t) = &new_cookie {
            resp.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(
                    CSRF_COOKIE,
                    t,
                    14 * 24 * 3600,
                    state.config().secure_cookies,
                ),
            );
        }
        resp
    };
    if state.config().private && visitor.user.is_none() && !public_path(req.uri().path()) {
        return Ok(with_cookie(Redirect::to("/signin").into_response()));
    }
    if let Some(resp) = password_change_gate(&visitor, req.method(), req.uri().path()) {
        return Ok(with_cookie(resp));
    }
    let mut req = if req.method() == Method::POST {
        check_csrf(req, &visitor.csrf).await?
    } else {
        req
    };
    req.extensions_mut().insert(visitor);
    Ok(with_cookie(next.run(req).await))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex() {
        let (a, b) = (random_token(), random_token());
        assert!(is_token(&a) && is_token(&b));
        assert_ne!(a, b);
    }

    #[test]
    fn form_and_multipart_tokens_are_found() {
        assert_eq!(form_token(b"a=1&csrf=abc&b=2").as_deref(), Some("abc"));
        assert_eq!(form_token(b"a=1"), None);
        let t = "a".repeat(64);
        let body =
            format!("--x\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{t}\r\n--x--\r\n");
        assert_eq!(multipart_token(body.as_bytes()), Some(t));
    }

    #[test]
    fn cookies_are_parsed() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; sverka_session=xyz"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("xyz"));
        assert_eq!(cookie(&h, "b"), None);
    }
}
