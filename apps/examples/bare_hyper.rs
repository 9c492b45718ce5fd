//! A bare hyper server: the baseline `cargo xtask load` measures the
//! example server against. Same runtime shape (a small multi-threaded tokio
//! runtime), same routes and same reply bytes, but no work: every answer is
//! computed once at start-up, and there is no pool, no metrics, no limits.
//!
//! ```text
//! cargo run --release --example bare_hyper -- --addr 127.0.0.1:0 --cache-value v --work-body 'a b'
//! ```

use clap::Parser;
use fearless_apps::server::{Reply, ServiceConfig, work};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use tokio::signal::unix::{SignalKind, signal};

#[derive(Parser)]
#[command(about = "A bare hyper server answering the example server's bytes with no work")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:0")]
    addr: SocketAddr,
    /// Runtime threads (1 to 64), as the server's `--acceptors`.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=64))]
    acceptors: u16,
    /// What `GET /cache/{key}` answers, for every key.
    #[arg(long, default_value = "value")]
    cache_value: String,
    /// The body the load sends to `POST /work`: its answer is computed
    /// once, here.
    #[arg(long, default_value = "")]
    work_body: String,
}

/// One reply, computed once: cloning it per request only counts a
/// reference.
struct Canned {
    body: Bytes,
    content_type: &'static str,
}

impl From<Reply> for Canned {
    fn from(reply: Reply) -> Self {
        Self {
            body: Bytes::from(reply.body),
            content_type: reply.content_type,
        }
    }
}

/// The replies.
struct Answers {
    config: Canned,
    cache: Canned,
    work: Canned,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let config = ServiceConfig::default();
    let answers = Arc::new(Answers {
        config: Reply::json(
            200,
            serde_json::to_string(&config).expect("the default config encodes"),
        )
        .into(),
        cache: Reply::text(200, args.cache_value.clone()).into(),
        work: work(args.work_body.as_bytes(), config.work_rounds).into(),
    });
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(usize::from(args.acceptors))
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("bare_hyper: could not start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(args.addr, answers)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bare_hyper: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(addr: SocketAddr, answers: Arc<Answers>) -> std::io::Result<()> {
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    std::io::stdout().flush()?;
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => accepted?,
            _ = interrupt.recv() => return Ok(()),
            _ = terminate.recv() => return Ok(()),
        };
        let _ = stream.set_nodelay(true);
        let answers = Arc::clone(&answers);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let answers = Arc::clone(&answers);
                async move { Ok::<_, Infallible>(answer(request, &answers).await) }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn answer(request: Request<Incoming>, answers: &Answers) -> Response<Full<Bytes>> {
    let path = request.uri().path();
    let reply = if path == "/config" {
        &answers.config
    } else if path.starts_with("/cache/") {
        &answers.cache
    } else if path == "/work" {
        // Read the body as the server does, and discard it.
        let _ = request.into_body().collect().await;
        &answers.work
    } else {
        let mut response = Response::new(Full::new(Bytes::new()));
        *response.status_mut() = StatusCode::NOT_FOUND;
        return response;
    };
    let mut response = Response::new(Full::new(reply.body.clone()));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(reply.content_type));
    response
}
