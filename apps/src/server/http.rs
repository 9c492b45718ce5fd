//! The HTTP side of one request: hyper parses the protocol; this file reads
//! a body within its limits and adapts the request to the dispatcher's
//! [`Exchange`], whose answer comes back to the connection's task through a
//! one-shot channel.

use super::dispatch::{Exchange, Reply};
use super::routes::route_of;
use http_body_util::BodyExt;
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONTENT_LENGTH, HeaderMap};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// One request on its way through the dispatcher: what the handler needs
/// (method, path, body) and where its answer goes.
pub struct HttpExchange {
    method: String,
    path: String,
    route: &'static str,
    body: Bytes,
    received: Instant,
    reply: oneshot::Sender<Reply>,
}

impl HttpExchange {
    /// A request, and the receiver its answer will arrive on.
    pub fn new(method: &str, path: &str, body: Bytes) -> (Self, oneshot::Receiver<Reply>) {
        let (tx, rx) = oneshot::channel();
        let exchange = Self {
            method: method.to_ascii_uppercase(),
            path: path.to_string(),
            route: route_of(path),
            body,
            received: Instant::now(),
            reply: tx,
        };
        (exchange, rx)
    }

    /// The method, upper case.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The path, without the query string.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The whole body (empty for endpoints that take none).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// How long ago the request was fully received: on a worker, the time
    /// it waited in the queue.
    pub fn waited(&self) -> Duration {
        self.received.elapsed()
    }

    /// Whether nobody waits for the answer any more (the connection was
    /// dropped: timed out, closed by the client, or cut at shutdown).
    pub fn abandoned(&self) -> bool {
        self.reply.is_closed()
    }
}

impl Exchange for HttpExchange {
    fn route(&self) -> &str {
        self.route
    }

    fn respond(self, reply: Reply) {
        // The connection may be gone; there is nobody left to tell.
        let _ = self.reply.send(reply);
    }
}

/// Why a body was not read whole.
#[derive(Debug, PartialEq, Eq)]
pub enum BodyError {
    /// Longer than the limit (by its Content-Length, or as it arrived).
    TooLarge(usize),
    /// Not received in time.
    TooSlow(Duration),
    /// Cut short (fewer bytes than its Content-Length, or a chunked body
    /// that ended before its last chunk) or malformed.
    Incomplete(String),
}

impl BodyError {
    /// The answer to send, after which the connection is closed.
    pub fn reply(&self) -> Reply {
        match self {
            Self::TooLarge(limit) => Reply::text(
                413,
                format!("the body is larger than the limit of {limit} bytes\n"),
            ),
            Self::TooSlow(limit) => Reply::text(
                408,
                format!("the body did not arrive within {} ms\n", limit.as_millis()),
            ),
            Self::Incomplete(why) => {
                Reply::text(400, format!("the body is incomplete or malformed: {why}\n"))
            }
        }
    }
}

/// Reads a whole body of at most `limit` bytes, within `timeout` in total.
///
/// A declared Content-Length above the limit is refused before a byte is
/// read; a chunked body is refused as soon as it passes the limit; so no
/// more than `limit` bytes are ever buffered. A body that ends early is an
/// error, never a shorter body.
pub async fn read_body(
    headers: &HeaderMap,
    body: Incoming,
    limit: usize,
    timeout: Duration,
) -> Result<Bytes, BodyError> {
    let declared = match headers.get(CONTENT_LENGTH) {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .ok_or_else(|| BodyError::Incomplete("invalid Content-Length".into()))?,
        ),
    };
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(BodyError::TooLarge(limit));
    }
    let read = async {
        let mut body = body;
        // Reserve what is declared (within the limit, checked above), or
        // grow as chunks arrive.
        let mut buffer = Vec::with_capacity(declared.unwrap_or(0) as usize);
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| BodyError::Incomplete(e.to_string()))?;
            if let Ok(data) = frame.into_data() {
                if buffer.len() + data.len() > limit {
                    return Err(BodyError::TooLarge(limit));
                }
                buffer.extend_from_slice(&data);
            }
        }
        Ok(Bytes::from(buffer))
    };
    tokio::time::timeout(timeout, read)
        .await
        .map_err(|_| BodyError::TooSlow(timeout))?
}
