//! The server tests' fixtures: a store holding the test document and accounts, an app over
//! it, and a client that keeps cookies and the CSRF token as a browser would.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use sverka::review::{DocId, Role, UserId};
use sverka::review::{PasswordCost, hash_password};
use sverka::storage::Store;
use sverka::web::{AppState, Config, router};
use sverka::{Aligner, Document, Lang};
use tower::ServiceExt;

pub use super::load::csrf_in;

/// The Russian side of the test document: four sentences in two paragraphs.
pub const RU: &str =
    "Первое предложение. Второе предложение.\nТретье предложение. Четвёртое предложение.";
/// The English side of the test document.
pub const EN: &str =
    "The first sentence. The second sentence.\nThe third sentence. The fourth sentence.";

/// The password of every test account.
pub const PASSWORD: &str = "password-for-tests";

/// A store holding the test document (id returned) and the accounts `ada` (admin),
/// `rev1` and `rev2` (reviewers).
pub fn open_test_store() -> (Store, DocId, [UserId; 3]) {
    let mut s = Store::open_in_memory().unwrap();
    let (doc, users) = fill(&mut s);
    (s, doc, users)
}

fn fill(s: &mut Store) -> (DocId, [UserId; 3]) {
    let hash = hash_password(PASSWORD, PasswordCost::Low).unwrap();
    let ada = s.create_user("ada", &hash, Role::Admin).unwrap();
    let rev1 = s.create_user("rev1", &hash, Role::Reviewer).unwrap();
    let rev2 = s.create_user("rev2", &hash, Role::Reviewer).unwrap();
    let ru = Document::new(RU, Lang::Ru).unwrap();
    let en = Document::new(EN, Lang::En).unwrap();
    let beads = Aligner::new().align(&ru, &en);
    let doc = s
        .create_document(Some(ada), "Test pair", &ru, &en, &beads)
        .unwrap();
    (doc, [ada, rev1, rev2])
}

/// An app over an in-memory store with the test document and accounts.
pub fn test_app(config: Config) -> (Router, AppState, DocId) {
    let mut s = Store::open_in_memory().unwrap();
    let (doc, _) = fill(&mut s);
    let config = Config {
        password_cost: PasswordCost::Low,
        ..config
    };
    let state = AppState::new(vec![s], config);
    (router(state.clone()), state, doc)
}

/// A browser: keeps cookies and the page's CSRF token.
pub struct Client {
    pub app: Router,
    pub cookies: Vec<(String, String)>,
    pub csrf: String,
}

/// A response, read fully.
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Resp {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

impl Client {
    /// An anonymous visitor who has loaded the front page (and so has a CSRF cookie).
    pub async fn anonymous(app: &Router) -> Client {
        let mut c = Client {
            app: app.clone(),
            cookies: vec![],
            csrf: String::new(),
        };
        c.get("/").await;
        c
    }

    /// A visitor signed in as `name`.
    pub async fn signed_in(app: &Router, name: &str) -> Client {
        let mut c = Client::anonymous(app).await;
        let r = c
            .post("/signin", &[("name", name), ("password", PASSWORD)])
            .await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "sign-in failed: {}",
            r.body
        );
        c.get("/").await;
        c
    }

    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    async fn send(&mut self, req: Request<Body>) -> Resp {
        let resp = self.app.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        for v in headers.get_all(header::SET_COOKIE) {
            let v = v.to_str().unwrap();
            let kv = v.split(';').next().unwrap();
            let (k, val) = kv.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != k);
            if !val.is_empty() {
                self.cookies.push((k.to_string(), val.to_string()));
            }
        }
        let bytes = resp
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(t) = csrf_in(&body) {
            self.csrf = t;
        } else if self.csrf.is_empty()
            && let Some(t) = self.cookie("sverka_csrf")
        {
            self.csrf = t.to_string();
        }
        Resp {
            status,
            headers,
            body,
            bytes,
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        let req = Request::get(path)
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    /// Posts a form with the current CSRF token added.
    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Resp {
        let csrf = self.csrf.clone();
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        fields.push(("csrf", &csrf));
        self.post_raw(path, &fields).await
    }

    /// Posts `multipart/form-data` with the CSRF token first; `files` are (field, file name, bytes).
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Resp {
        let b = "sverkaTestBoundary";
        let mut body = Vec::new();
        let csrf = self.csrf.clone();
        for (k, v) in std::iter::once(&("csrf", csrf.as_str())).chain(fields) {
            body.extend(
                format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                    .as_bytes(),
            );
        }
        for (k, name, data) in files {
            body.extend(
                format!(
                    "--{b}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend(*data);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{b}--\r\n").as_bytes());
        let req = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={b}"),
            )
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// Posts a form with the CSRF token as htmx does (`HX-Request: true`).
    pub async fn post_hx(&mut self, path: &str, form: &[(&str, &str)]) -> Resp {
        let csrf = self.csrf.clone();
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        fields.push(("csrf", &csrf));
        self.post_form(path, &fields, true).await
    }

    /// Posts a form as given (no CSRF token added).
    pub async fn post_raw(&mut self, path: &str, form: &[(&str, &str)]) -> Resp {
        self.post_form(path, form, false).await
    }

    /// Posts a URL-encoded form as given, as htmx does when `hx` is set.
    async fn post_form(&mut self, path: &str, form: &[(&str, &str)], hx: bool) -> Resp {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let mut req = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if hx {
            req = req.header("hx-request", "true");
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }
}

/// The ids of the bead rows (`<tr id="bN">`) of a review page, in order.
pub fn bead_ids(html: &str) -> Vec<i64> {
    html.match_indices("<tr id=\"b")
        .map(|(i, _)| {
            let rest = &html[i + 9..];
            rest[..rest.find('"').unwrap()].parse().unwrap()
        })
        .collect()
}

/// The version in the first vote form of bead `id` on a page.
pub fn version_of(html: &str, id: i64) -> String {
    let form = html
        .find(&format!("/beads/{id}/vote\""))
        .expect("vote form");
    let rest = &html[form..];
    let at = rest.find("name=\"version\" value=\"").unwrap() + 22;
    rest[at..at + rest[at..].find('"').unwrap()].to_string()
}

/// A page with the evidence marks around matched words taken out, so that a sentence reads
/// as one string.
pub fn without_marks(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<mark") {
        out.push_str(&rest[..at]);
        rest = &rest[at + rest[at..].find('>').unwrap() + 1..];
    }
    out.push_str(rest);
    out.replace("</mark>", "")
}
