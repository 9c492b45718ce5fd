//! Accepting connections and serving them with hyper on the tokio runtime:
//! the connection limit, the per-request limits, and graceful shutdown.

use super::Limits;
use super::dispatch::{Dispatcher, Reply};
use super::http::{HttpExchange, read_body};
use super::routes::{AppState, BodyPlan, body_plan};
use fearless::sync::Arc;
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONNECTION, CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinSet;

/// What every connection shares.
pub struct Shared {
    pub dispatcher: Arc<Dispatcher<HttpExchange>>,
    pub state: Arc<AppState>,
    pub limits: Limits,
}

/// How long the accept loop backs off after the listener fails (out of
/// file descriptors, say), rather than spinning on the error.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// Accepts connections until `stop` turns true, each holding one of
/// `max_connections` permits; then waits for the open connections to finish
/// their requests, up to the shutdown deadline, and drops what is left.
pub async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, stop: watch::Receiver<bool>) {
    let permits = Arc::new(Semaphore::new(shared.limits.max_connections));
    let mut connections = JoinSet::new();
    let mut stopping = stop.clone();
    loop {
        // At the limit, wait here: new clients wait in the kernel's backlog
        // until a connection ends (slow ones end at the header timeout).
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break,
            },
            () = stopped(&mut stopping) => break,
            // Reap finished connections so the set does not grow.
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
            () = stopped(&mut stopping) => break,
        };
        connections.spawn(serve_connection(
            stream,
            permit,
            Arc::clone(&shared),
            stop.clone(),
        ));
    }
    // Stop accepting: close the listener, so new clients are refused.
    drop(listener);
    let deadline = shared.limits.shutdown_timeout;
    let drained = tokio::time::timeout(deadline, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        // Stalled clients do not hold the process past the deadline.
        connections.abort_all();
        while connections.join_next().await.is_some() {}
    }
}

/// Serves one connection until it closes, or until shutdown, when the
/// request in progress is finished and the connection closed.
async fn serve_connection(
    stream: TcpStream,
    _permit: OwnedSemaphorePermit,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    // Small replies: do not wait to coalesce them.
    let _ = stream.set_nodelay(true);
    let limits = &shared.limits;
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_header_size(limits.max_header_bytes)
        .max_buf_size(limits.max_header_bytes.max(MIN_HYPER_BUFFER))
        .max_headers(limits.max_headers)
        // A client that half-closes after its body still gets its answer
        // (a 400 when the body was cut short).
        .half_close(true);
    let service = {
        let shared = Arc::clone(&shared);
        service_fn(move |request| {
            let shared = Arc::clone(&shared);
            async move { Ok::<_, Infallible>(serve(request, &shared).await) }
        })
    };
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => {}
        () = stopped(&mut stop) => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
}

/// Returns once shutdown has begun (at once if it already has).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    // An error means the server is gone, which is shutdown too. The guard
    // `wait_for` returns is dropped here, not held across an await.
    let _ = stop.wait_for(|s| *s).await.map(|_| ());
}

/// The smallest read buffer hyper accepts.
const MIN_HYPER_BUFFER: usize = 8192;

/// Answers one request: light requests on this task, requests with a body
/// (read here first, within the limits) on a pool worker.
async fn serve(request: Request<Incoming>, shared: &Shared) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let method = parts.method.as_str();
    let path = parts.uri.path();
    match body_plan(&shared.state, method, path) {
        BodyPlan::Ignore => {
            let (exchange, answer) = HttpExchange::new(method, path, Bytes::new());
            shared.dispatcher.run_here(exchange);
            response(answer.await.ok(), false)
        }
        BodyPlan::Read(limit) => {
            match read_body(&parts.headers, body, limit, shared.limits.body_timeout).await {
                Ok(bytes) => {
                    let (exchange, answer) = HttpExchange::new(method, path, bytes);
                    shared.dispatcher.dispatch(exchange);
                    response(answer.await.ok(), false)
                }
                Err(e) => {
                    let (exchange, answer) = HttpExchange::new(method, path, Bytes::new());
                    shared.dispatcher.reject(exchange, e.reply());
                    // The rest of the body is not worth reading: close.
                    response(answer.await.ok(), true)
                }
            }
        }
    }
}

/// The HTTP response for a reply (`None`: the handler never answered, as
/// when it panicked on a worker).
fn response(reply: Option<Reply>, close: bool) -> Response<Full<Bytes>> {
    let reply = reply.unwrap_or_else(|| Reply::text(500, "the request handler failed\n"));
    let mut response = Response::new(Full::new(Bytes::from(reply.body)));
    *response.status_mut() =
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(reply.content_type));
    if close {
        response
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}
