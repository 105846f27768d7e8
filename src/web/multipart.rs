//! A small reader for `multipart/form-data` bodies (the new-document upload form).

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub(crate) name: String,
    pub(crate) filename: Option<String>,
    pub(crate) data: Vec<u8>,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn param(headers: &str, key: &str) -> Option<String> {
    let at = headers.find(&format!("{key}=\""))? + key.len() + 2;
    let end = headers[at..].find('"')?;
    Some(headers[at..at + end].to_string())
}

/// Splits a body into its parts; `content_type` carries the boundary.
pub(crate) fn parse(content_type: &str, body: &[u8]) -> Result<Vec<Part>, String> {
    let boundary = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("boundary="))
        .next()
        .map(|b| b.trim_matches('"').to_string())
        .filter(|b| !b.is_empty())
        .ok_or("the upload has no multipart boundary")?;
    let delim = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    let start = find(rest, delim.as_bytes()).ok_or("the upload is not valid multipart data")?;
    rest = &rest[start + delim.len()..];
    loop {
        if rest.starts_with(b"--") {
            break;
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .ok_or("malformed multipart data")?;
        let head_end = find(rest, b"\r\n\r\n").ok_or("malformed multipart headers")?;
        let headers = String::from_utf8_lossy(&rest[..head_end]).into_owned();
        rest = &rest[head_end + 4..];
        let end =
            find(rest, format!("\r\n{delim}").as_bytes()).ok_or("unterminated multipart part")?;
        let name = param(&headers, "name").ok_or("a multipart part has no name")?;
        parts.push(Part {
            name,
            filename: param(&headers, "filename"),
            data: rest[..end].to_vec(),
        });
        rest = &rest[end + 2 + delim.len()..];
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_split() {
        let body = b"--xx\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHi\r\n--xx\r\nContent-Disposition: form-data; name=\"ru_file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nline1\r\nline2\r\n--xx--\r\n";
        let p = parse("multipart/form-data; boundary=xx", body).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[0].name.as_str(), p[0].data.as_slice()),
            ("title", &b"Hi"[..])
        );
        assert_eq!(p[1].filename.as_deref(), Some("a.txt"));
        assert_eq!(p[1].data, b"line1\r\nline2");
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse("multipart/form-data", b"x").is_err());
        assert!(parse("multipart/form-data; boundary=b", b"no boundary here").is_err());
        assert!(parse("multipart/form-data; boundary=b", b"--b\r\nname=\"x\"").is_err());
    }
}
