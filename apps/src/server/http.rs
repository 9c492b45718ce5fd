//! The HTTP side: tiny_http parses the protocol; this file only adapts its
//! requests to the dispatcher's [`Exchange`].

use super::dispatch::{Exchange, Reply};
use super::routes::route_of;
use std::io::Read;

/// One tiny_http request on its way through the dispatcher.
pub struct HttpExchange {
    request: tiny_http::Request,
    route: &'static str,
}

impl HttpExchange {
    /// Wraps a request.
    pub fn new(request: tiny_http::Request) -> Self {
        let route = route_of(path_of(request.url()));
        Self { request, route }
    }

    /// The method, upper case.
    pub fn method(&self) -> String {
        self.request.method().as_str().to_ascii_uppercase()
    }

    /// The path, without the query string.
    pub fn path(&self) -> &str {
        path_of(self.request.url())
    }

    /// Reads the body, refusing one longer than `limit` bytes.
    pub fn read_body(&mut self, limit: usize) -> Result<Vec<u8>, String> {
        if self.request.body_length().is_some_and(|n| n > limit) {
            return Err(format!(
                "the body is larger than the limit of {limit} bytes\n"
            ));
        }
        let mut body = Vec::new();
        let read = self
            .request
            .as_reader()
            .take(limit as u64 + 1)
            .read_to_end(&mut body)
            .map_err(|e| format!("could not read the body: {e}\n"))?;
        if read > limit {
            return Err(format!(
                "the body is larger than the limit of {limit} bytes\n"
            ));
        }
        Ok(body)
    }
}

fn path_of(url: &str) -> &str {
    url.split('?').next().unwrap_or(url)
}

impl Exchange for HttpExchange {
    fn route(&self) -> &str {
        self.route
    }

    fn respond(self, reply: Reply) {
        let header =
            tiny_http::Header::from_bytes(&b"Content-Type"[..], reply.content_type.as_bytes())
                .expect("a static content type is a valid header");
        let response = tiny_http::Response::from_string(reply.body)
            .with_status_code(reply.status)
            .with_header(header);
        // The client may have gone away; there is nobody left to tell.
        let _ = self.request.respond(response);
    }
}
