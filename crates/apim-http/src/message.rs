use crate::Headers;

/// A raw HTTP/1.1 request: request line, headers, blank line, body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as written (`/path?query` or an absolute URL).
    pub target: String,
    pub headers: Headers,
    pub body: Vec<u8>,
}

/// A raw HTTP/1.1 response: status line, headers, blank line, body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub reason: String,
    pub headers: Headers,
    pub body: Vec<u8>,
}

/// Why a message file could not be read, with the 1-based position of the culprit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct MessageError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub help: String,
}

const MAX_HEADERS: usize = 256;

/// Reads a raw HTTP/1.1 request. Line ends may be CRLF or LF. The body is everything after
/// the blank line, or exactly `Content-Length` bytes when that header is given.
///
/// # Errors
/// A [`MessageError`] locating the malformed line.
pub fn parse_request(bytes: &[u8]) -> Result<Request, MessageError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    let head_length = match request.parse(bytes) {
        Ok(httparse::Status::Complete(length)) => length,
        Ok(httparse::Status::Partial) => return Err(incomplete(bytes)),
        Err(error) => return Err(locate(bytes, error, "METHOD /path HTTP/1.1")),
    };
    let method = request.method.unwrap_or("GET").to_owned();
    let target = request.path.unwrap_or("/").to_owned();
    let headers = collect(request.headers)?;
    let body = body(bytes, head_length, &headers)?;
    Ok(Request { method, target, headers, body })
}

/// Reads a raw HTTP/1.1 response (see [`parse_request`]).
///
/// # Errors
/// A [`MessageError`] locating the malformed line.
pub fn parse_response(bytes: &[u8]) -> Result<Response, MessageError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut headers);
    let head_length = match response.parse(bytes) {
        Ok(httparse::Status::Complete(length)) => length,
        Ok(httparse::Status::Partial) => return Err(incomplete(bytes)),
        Err(error) => return Err(locate(bytes, error, "HTTP/1.1 200 OK")),
    };
    let status = response.code.unwrap_or(200);
    let reason = response.reason.unwrap_or("").to_owned();
    let headers = collect(response.headers)?;
    let body = body(bytes, head_length, &headers)?;
    Ok(Response { status, reason, headers, body })
}

fn collect(fields: &[httparse::Header<'_>]) -> Result<Headers, MessageError> {
    let mut headers = Headers::new();
    for (index, field) in fields.iter().enumerate() {
        let value = std::str::from_utf8(field.value).map_err(|_| MessageError {
            message: format!("the value of header `{}` is not UTF-8 text", field.name),
            line: index + 2,
            column: field.name.len() + 2,
            help: "write header values as text".into(),
        })?;
        headers.append(field.name, value.trim());
    }
    Ok(headers)
}

fn body(bytes: &[u8], head_length: usize, headers: &Headers) -> Result<Vec<u8>, MessageError> {
    let rest = &bytes[head_length..];
    let Some(length) = headers.joined("Content-Length") else { return Ok(rest.to_vec()) };
    let line = line_of(bytes, head_length);
    let length: usize = length.trim().parse().map_err(|_| MessageError {
        message: format!("`Content-Length: {length}` is not a number"),
        line,
        column: 1,
        help: "give the body length in bytes, or leave the header out".into(),
    })?;
    if rest.len() < length {
        return Err(MessageError {
            message: format!("the body has {} bytes but `Content-Length` says {length}", rest.len()),
            line,
            column: 1,
            help: "correct `Content-Length`, or leave it out to send the rest of the file".into(),
        });
    }
    Ok(rest[..length].to_vec())
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())].iter().filter(|&&byte| byte == b'\n').count() + 1
}

fn incomplete(bytes: &[u8]) -> MessageError {
    let lines = line_of(bytes, bytes.len());
    let message = if bytes.iter().all(u8::is_ascii_whitespace) {
        "the message is empty"
    } else {
        "the headers do not end with a blank line"
    };
    MessageError {
        message: message.into(),
        line: lines,
        column: 1,
        help: "end the headers with an empty line, then give the body (which may be empty)".into(),
    }
}

/// Finds the line httparse rejected: the start line for start-line errors, else the first
/// header line that is not `Name: value`.
fn locate(bytes: &[u8], error: httparse::Error, start_line: &str) -> MessageError {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.split('\n').map(|line| line.trim_end_matches('\r')).collect();
    match error {
        httparse::Error::HeaderName | httparse::Error::HeaderValue | httparse::Error::TooManyHeaders => {
            let bad = lines.iter().enumerate().skip(1).take_while(|(_, line)| !line.is_empty()).find(|(_, line)| {
                let Some((name, _)) = line.split_once(':') else { return true };
                name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
            });
            let (index, column) = bad.map_or((1, 1), |(index, line)| (index, line.find(':').map_or(1, |c| c + 1)));
            let message = if matches!(error, httparse::Error::TooManyHeaders) {
                format!("more than {MAX_HEADERS} header lines")
            } else {
                format!("`{}` is not a header line", lines.get(index).copied().unwrap_or(""))
            };
            MessageError {
                message,
                line: index + 1,
                column,
                help: "write headers as `Name: value`, one per line".into(),
            }
        }
        _ => MessageError {
            message: format!("`{}` is not a valid start line", lines.first().copied().unwrap_or("")),
            line: 1,
            column: 1,
            help: format!("start the message with a line such as `{start_line}`"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_request_with_lf_line_ends() {
        let raw = b"POST /chat?x=1 HTTP/1.1\nHost: api.example\nX-A: 1\nx-a: 2\n\n{\"a\":1}\n";
        let request = parse_request(raw).expect("parses");
        assert_eq!(request.method, "POST");
        assert_eq!(request.target, "/chat?x=1");
        assert_eq!(request.headers.joined("X-A").as_deref(), Some("1,2"));
        assert_eq!(request.body, b"{\"a\":1}\n");
    }

    #[test]
    fn content_length_bounds_the_body() {
        let raw = b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Length: 2\r\n\r\nokEXTRA";
        let response = parse_response(raw).expect("parses");
        assert_eq!((response.status, response.reason.as_str()), (429, "Too Many Requests"));
        assert_eq!(response.body, b"ok");
        let short = parse_response(b"HTTP/1.1 200 OK\nContent-Length: 10\n\nabc").unwrap_err();
        assert_eq!(short.line, 4, "the line where the body starts");
    }

    #[test]
    fn errors_point_at_the_bad_line() {
        let error = parse_request(b"GET / HTTP/1.1\nHost: x\nthis is not a header\n\n").unwrap_err();
        assert_eq!((error.line, error.column), (3, 1));
        let error = parse_request(b"GET / HTTP/1.1\nHost: x\n").unwrap_err();
        assert!(error.message.contains("blank line"), "{error}");
        let error = parse_request(b"\x01\x02 nonsense\n\n").unwrap_err();
        assert_eq!(error.line, 1);
        assert!(parse_request(b"").unwrap_err().message.contains("empty"));
    }
}
