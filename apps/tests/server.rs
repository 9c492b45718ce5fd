//! The server over real HTTP on an ephemeral loopback port: the endpoints,
//! backpressure, shutdown, and every attack of issue 16, each answered with
//! the right status while the server stays up and within its limits.
#![cfg(not(loom))]

use fearless_apps::server::{Limits, MAX_BODY_BYTES_CEILING, RunningServer, ServerOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Short limits, so the timeouts the attacks run into pass in well under a
/// second; each test overrides what it exercises.
fn options(threads: usize, queue: usize) -> ServerOptions {
    ServerOptions {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        threads,
        queue,
        acceptors: 2,
        cache_bytes: 1 << 20,
        limits: Limits {
            header_timeout: Duration::from_millis(500),
            body_timeout: Duration::from_millis(500),
            shutdown_timeout: Duration::from_secs(5),
            ..Limits::default()
        },
    }
}

fn start(threads: usize, queue: usize) -> RunningServer {
    start_with(options(threads, queue))
}

fn start_with(options: ServerOptions) -> RunningServer {
    RunningServer::start(&options).expect("the server starts on a free loopback port")
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// Sends a request and returns the status and the body.
fn call(addr: SocketAddr, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
    let url = format!("http://{addr}{path}");
    let agent = agent();
    let result = match (method, body) {
        ("GET", _) => agent.get(&url).call(),
        ("PUT", Some(b)) => agent.put(&url).send(b),
        ("POST", Some(b)) => agent.post(&url).send(b),
        ("DELETE", _) => agent.delete(&url).call(),
        other => panic!("unsupported request {other:?}"),
    };
    let mut response = result.expect("the server answers");
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().expect("a UTF-8 body");
    (status, text)
}

/// Sends raw bytes, optionally half-closes, and reads until the server
/// closes (or 10 s pass): the raw response, possibly empty.
fn raw(addr: SocketAddr, request: &[u8], half_close: bool) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // The server may close while we still write (it refused the request):
    // that is an answer too.
    let _ = stream.write_all(request);
    if half_close {
        let _ = stream.shutdown(Shutdown::Write);
    }
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

/// The status of a raw response (0 if there was none).
fn status_of(response: &str) -> u16 {
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Sums the `http_requests_total` series of a Prometheus text page, by
/// (route, status), skipping the `/metrics` route.
fn request_totals(page: &str) -> Vec<(String, String, f64)> {
    let lines = page.lines().map(|l| Ok(l.to_string()));
    let scrape = prometheus_parse::Scrape::parse(lines).expect("valid Prometheus text");
    scrape
        .samples
        .iter()
        .filter(|s| s.metric == "http_requests_total")
        .filter_map(|s| {
            let prometheus_parse::Value::Counter(v) = s.value else {
                return None;
            };
            let route = s.labels.get("route")?.to_string();
            let status = s.labels.get("status")?.to_string();
            (v > 0.0).then_some((route, status, v))
        })
        .collect()
}

fn heavy_config(max_body_bytes: usize) -> String {
    format!(r#"{{"name":"slow","work_rounds":10000,"max_body_bytes":{max_body_bytes}}}"#)
}

#[test]
fn every_endpoint_answers_and_metrics_count_every_request() {
    let server = start(2, 16);
    let addr = server.addr();
    assert_eq!(call(addr, "GET", "/cache/missing", None).0, 404);
    assert_eq!(
        call(addr, "PUT", "/cache/greeting", Some("hello")),
        (200, "stored\n".into())
    );
    assert_eq!(
        call(addr, "GET", "/cache/greeting", None),
        (200, "hello".into())
    );

    let (status, config) = call(addr, "GET", "/config", None);
    assert_eq!(status, 200);
    assert!(config.contains("\"name\":\"fearless\""), "{config}");

    let (status, message) = call(addr, "PUT", "/config", Some("{not json"));
    assert_eq!(status, 400);
    assert!(message.contains("invalid config JSON"), "{message}");
    let (status, message) = call(
        addr,
        "PUT",
        "/config",
        Some(r#"{"name":"x","work_rounds":0,"max_body_bytes":10}"#),
    );
    assert_eq!(status, 400, "{message}");
    assert_eq!(
        call(addr, "GET", "/config", None).1,
        config,
        "a rejected config leaves the old one"
    );

    let new = r#"{"name":"demo","work_rounds":3,"max_body_bytes":4096}"#;
    assert_eq!(call(addr, "PUT", "/config", Some(new)).0, 200);
    assert!(
        call(addr, "GET", "/config", None)
            .1
            .contains("\"name\":\"demo\"")
    );

    let (status, work) = call(addr, "POST", "/work", Some("the quick brown fox jumps"));
    assert_eq!(status, 200);
    assert!(work.starts_with("{\"words\":5,"), "{work}");
    let too_big = b"POST /work HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n";
    assert_eq!(status_of(&raw(addr, too_big, false)), 413);

    assert_eq!(call(addr, "GET", "/nowhere", None).0, 404);
    assert_eq!(call(addr, "DELETE", "/config", None).0, 405);

    let (status, page) = call(addr, "GET", "/metrics", None);
    assert_eq!(status, 200);
    let totals = request_totals(&page);
    let sent_before_scrape = 13.0;
    let counted: f64 = totals
        .iter()
        .filter(|(r, _, _)| r != "/metrics")
        .map(|(_, _, v)| v)
        .sum();
    assert_eq!(counted, sent_before_scrape, "{totals:?}");
    assert!(
        page.contains("http_request_duration_microseconds_count 13"),
        "{page}"
    );
    assert!(
        page.contains("http_requests_in_flight 1"),
        "the scrape itself is in flight"
    );
    server.shutdown();
}

#[test]
fn a_full_queue_is_answered_503_and_nothing_is_lost() {
    let server = start(1, 1);
    let addr = server.addr();
    assert_eq!(
        call(addr, "PUT", "/config", Some(&heavy_config(1 << 20))).0,
        200
    );
    let body: String = (0..400).map(|i| format!("word{i} ")).collect();
    let statuses: Vec<u16> = thread::scope(|s| {
        let clients: Vec<_> = (0..8)
            .map(|_| s.spawn(|| call(addr, "POST", "/work", Some(&body)).0))
            .collect();
        clients.into_iter().map(|c| c.join().unwrap()).collect()
    });
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 503),
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&503),
        "with one worker and a queue of one, a burst of 8 must see 503: {statuses:?}"
    );
    let metrics = &server.state().metrics;
    let rejected = statuses.iter().filter(|s| **s == 503).count() as u64;
    assert_eq!(metrics.requests_with_status(503), rejected);
    assert_eq!(
        metrics.total_requests(),
        9,
        "the config update and the 8 work requests"
    );
    server.shutdown();
}

#[test]
fn a_request_that_waited_too_long_in_the_queue_is_answered_503() {
    let mut options = options(1, 8);
    options.limits.queue_timeout = Duration::from_millis(20);
    let server = start_with(options);
    let addr = server.addr();
    // Stored directly: a PUT could itself wait 20 ms on a busy machine.
    let heavy = fearless_apps::server::ServiceConfig::parse(heavy_config(1 << 20).as_bytes());
    server.state().config.store(heavy.unwrap());
    let body: String = (0..1500).map(|i| format!("word{i} ")).collect();
    let replies: Vec<(u16, String)> = thread::scope(|s| {
        let clients: Vec<_> = (0..4)
            .map(|_| s.spawn(|| call(addr, "POST", "/work", Some(&body))))
            .collect();
        clients.into_iter().map(|c| c.join().unwrap()).collect()
    });
    // One worker runs one request at a time, each far longer than 20 ms:
    // whichever waits behind another is refused, not run late.
    assert!(
        replies
            .iter()
            .any(|(s, b)| *s == 503 && b.contains("waited over 20 ms")),
        "{replies:?}"
    );
    server.shutdown();
}

#[test]
fn shutdown_finishes_requests_in_flight() {
    let server = start(1, 4);
    let addr = server.addr();
    assert_eq!(
        call(addr, "PUT", "/config", Some(&heavy_config(1 << 20))).0,
        200
    );
    let body: String = (0..200).map(|i| format!("w{i} ")).collect();
    let status = thread::scope(|s| {
        let client = s.spawn(|| call(addr, "POST", "/work", Some(&body)).0);
        while server.state().metrics.in_flight().get() == 0 {
            thread::yield_now();
        }
        // Shutdown starts while the request is in flight; it still gets
        // its answer.
        server.begin_shutdown();
        client.join().unwrap()
    });
    assert_eq!(status, 200);
    server.shutdown();
}

#[test]
fn bad_options_are_errors_not_panics() {
    type Break = fn(&mut ServerOptions);
    let cases: [(&str, Break); 8] = [
        ("threads", |o| o.threads = 0),
        ("threads", |o| o.threads = 1_000_000),
        ("queue", |o| o.queue = 0),
        ("acceptors", |o| o.acceptors = 100_000),
        ("max-connections", |o| o.limits.max_connections = 0),
        ("max-header-bytes", |o| {
            o.limits.max_header_bytes = usize::MAX
        }),
        ("cache-bytes", |o| o.cache_bytes = u64::MAX),
        ("body-timeout", |o| o.limits.body_timeout = Duration::ZERO),
    ];
    for (name, break_it) in cases {
        let mut options = options(1, 1);
        break_it(&mut options);
        let err = RunningServer::start(&options)
            .err()
            .unwrap_or_else(|| panic!("{name}: the server must refuse to start"));
        assert!(err.to_string().contains(name), "{name}: {err}");
    }
}

/// A declared length far beyond the limit is refused before a byte of the
/// body is read (tiny_http allocated it and aborted).
#[test]
fn a_huge_content_length_is_refused_at_once() {
    let server = start(1, 4);
    let addr = server.addr();
    for target in ["POST /work", "PUT /cache/k", "PUT /config"] {
        let request =
            format!("{target} HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000000\r\n\r\n");
        let response = raw(addr, request.as_bytes(), false);
        assert_eq!(status_of(&response), 413, "{target}: {response}");
    }
    // A route that reads no body answers without reading it either.
    let response = raw(
        addr,
        b"GET /config HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000000\r\n\r\n",
        true,
    );
    assert_eq!(status_of(&response), 200, "{response}");
    assert_eq!(call(addr, "GET", "/config", None).0, 200, "still up");
    server.shutdown();
}

/// Chunked bodies have no declared length: they are cut at the limit as
/// they arrive.
#[test]
fn a_chunked_body_over_the_limit_is_refused_as_it_arrives() {
    let server = start(1, 4);
    let addr = server.addr();
    let config = r#"{"name":"small","work_rounds":1,"max_body_bytes":1000}"#;
    assert_eq!(call(addr, "PUT", "/config", Some(config)).0, 200);
    let mut request =
        b"POST /work HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..20 {
        request.extend_from_slice(b"64\r\n");
        request.extend_from_slice(&[b'a'; 100]);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let response = raw(addr, &request, false);
    assert_eq!(status_of(&response), 413, "{response}");
    server.shutdown();
}

/// Clients that send headers and a trickle of their body hold neither the
/// workers nor the other clients: `/metrics` answers meanwhile, and each
/// slow upload gets `408` at the body timeout and is dropped.
#[test]
fn slow_uploads_do_not_stall_the_server() {
    let mut options = options(1, 4);
    options.limits.body_timeout = Duration::from_millis(800);
    let server = start_with(options);
    let addr = server.addr();
    let mut slow: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(
                b"PUT /cache/slow HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n0123456789",
            )
            .unwrap();
            s
        })
        .collect();
    // Every worker would be stuck were bodies read on them.
    let (status, page) = call(addr, "GET", "/metrics", None);
    assert_eq!(status, 200);
    assert!(page.contains("http_requests_total"));
    assert_eq!(call(addr, "POST", "/work", Some("a b c")).0, 200);
    for s in &mut slow {
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut response = String::new();
        let _ = s.read_to_string(&mut response);
        assert_eq!(status_of(&response), 408, "{response}");
    }
    assert_eq!(call(addr, "GET", "/cache/slow", None).0, 404);
    assert_eq!(server.state().metrics.requests_with_status(408), 8);
    server.shutdown();
}

/// A client that never finishes its request head is dropped at the header
/// timeout, and so is an idle kept-alive connection: neither keeps its
/// connection slot.
#[test]
fn slow_heads_and_idle_connections_are_dropped_and_free_their_slot() {
    let mut options = options(1, 4);
    options.limits.max_connections = 2;
    let server = start_with(options);
    let addr = server.addr();
    let mut stalled = TcpStream::connect(addr).unwrap();
    stalled.write_all(b"GET /config HTTP/1.1\r\nHo").unwrap();
    let mut idle = TcpStream::connect(addr).unwrap();
    // Both slots are taken; this waits in the backlog until the stalled
    // and idle connections are dropped, then is answered.
    assert_eq!(call(addr, "GET", "/config", None).0, 200);
    for s in [&mut stalled, &mut idle] {
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut rest = Vec::new();
        assert!(s.read_to_end(&mut rest).is_ok(), "closed by the server");
    }
    server.shutdown();
}

/// `max_body_bytes` = u64::MAX made `limit + 1` wrap to 0 and locked the
/// config; now it, and anything above the ceiling, is refused.
#[test]
fn config_values_that_overflow_or_pass_the_ceiling_are_refused() {
    let server = start(1, 4);
    let addr = server.addr();
    let before = call(addr, "GET", "/config", None).1;
    for max_body in [
        u64::MAX.to_string(),
        "340282366920938463463374607431768211456".into(),
        (MAX_BODY_BYTES_CEILING + 1).to_string(),
        "0".into(),
        "-1".into(),
    ] {
        let config = format!(r#"{{"name":"x","work_rounds":1,"max_body_bytes":{max_body}}}"#);
        let (status, message) = call(addr, "PUT", "/config", Some(&config));
        assert_eq!(status, 400, "{max_body}: {message}");
    }
    assert_eq!(call(addr, "GET", "/config", None).1, before);
    let ceiling =
        format!(r#"{{"name":"x","work_rounds":1,"max_body_bytes":{MAX_BODY_BYTES_CEILING}}}"#);
    assert_eq!(call(addr, "PUT", "/config", Some(&ceiling)).0, 200);
    assert_eq!(
        call(addr, "PUT", "/config", Some(&before)).0,
        200,
        "the config can still be changed back"
    );
    // The smallest body limit does not lock the config either: its own
    // limit is fixed.
    let tiny = r#"{"name":"x","work_rounds":1,"max_body_bytes":1}"#;
    assert_eq!(call(addr, "PUT", "/config", Some(tiny)).0, 200);
    assert_eq!(call(addr, "POST", "/work", Some("a b")).0, 413);
    assert_eq!(call(addr, "PUT", "/config", Some(&before)).0, 200);
    assert_eq!(call(addr, "GET", "/config", None).1, before);
    server.shutdown();
}

/// A body shorter than its Content-Length, or a chunked body cut off, then
/// a half-close: `400`, and nothing stored.
#[test]
fn a_truncated_upload_is_400_and_not_stored() {
    let server = start(1, 4);
    let addr = server.addr();
    let short = raw(
        addr,
        b"PUT /cache/short HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial",
        true,
    );
    assert_eq!(status_of(&short), 400, "{short}");
    let cut = raw(
        addr,
        b"PUT /cache/cut HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n7\r\npartial\r\n5\r\nab",
        true,
    );
    assert_eq!(status_of(&cut), 400, "{cut}");
    let config = raw(
        addr,
        b"PUT /config HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n{\"name\":\"cut\"",
        true,
    );
    assert_eq!(status_of(&config), 400, "{config}");
    assert_eq!(call(addr, "GET", "/cache/short", None).0, 404);
    assert_eq!(call(addr, "GET", "/cache/cut", None).0, 404);
    assert!(call(addr, "GET", "/config", None).1.contains("fearless"));
    server.shutdown();
}

/// 2,000 PUTs of 1 MiB took 2.1 GB; now the cache stays within its bytes,
/// keys are capped, and a value larger than the cache admits is refused.
#[test]
fn many_large_cache_puts_stay_within_the_byte_bound() {
    let mut options = options(2, 16);
    options.cache_bytes = 4 << 20;
    options.limits.max_key_bytes = 64;
    let server = start_with(options);
    let addr = server.addr();
    let value = "v".repeat(64 << 10);
    for i in 0..200 {
        assert_eq!(
            call(addr, "PUT", &format!("/cache/k{i}"), Some(&value)).0,
            200
        );
    }
    let cache = &server.state().cache;
    assert!(
        cache.weighted_size() <= 4 << 20,
        "{}",
        cache.weighted_size()
    );
    assert!(cache.stats().evictions > 0);
    let long_key = format!("/cache/{}", "k".repeat(65));
    assert_eq!(call(addr, "PUT", &long_key, Some("x")).0, 400);
    assert_eq!(call(addr, "GET", &long_key, None).0, 400);
    // Refused on its Content-Length alone. (Sending the body too would race
    // the server's close after its early 413, as with any HTTP server.)
    let too_large = format!(
        "PUT /cache/big HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n",
        cache.max_entry_weight()
    );
    assert_eq!(status_of(&raw(addr, too_large.as_bytes(), false)), 413);
    server.shutdown();
}

/// A header line with no CRLF grew memory with every byte sent; now the
/// head is cut at its limit (`431`) and the connection closed.
#[test]
fn heads_are_bounded_in_size_and_count() {
    let mut options = options(1, 4);
    options.limits.max_header_bytes = 8 << 10;
    options.limits.max_headers = 16;
    let server = start_with(options);
    let addr = server.addr();
    let mut endless = b"GET /config HTTP/1.1\r\nX-Long: ".to_vec();
    endless.extend(std::iter::repeat_n(b'a', 1 << 20));
    let response = raw(addr, &endless, false);
    assert!(
        status_of(&response) == 431 || response.is_empty(),
        "{response}"
    );
    let mut many = b"GET /config HTTP/1.1\r\nHost: x\r\n".to_vec();
    for i in 0..32 {
        many.extend_from_slice(format!("X-H{i}: v\r\n").as_bytes());
    }
    many.extend_from_slice(b"\r\n");
    assert_eq!(status_of(&raw(addr, &many, false)), 431);
    assert_eq!(call(addr, "GET", "/config", None).0, 200, "still up");
    server.shutdown();
}

/// The path of one of this package's example binaries, built for the
/// profile these tests run in.
fn example(name: &str) -> PathBuf {
    let mut dir = std::env::current_exe().expect("the test binary's path");
    dir.pop();
    if dir.ends_with("deps") {
        dir.pop();
    }
    let profile = if dir.ends_with("debug") {
        "dev"
    } else {
        "release"
    };
    // `--workspace`: the features `cargo test --workspace` resolved, so a
    // fresh example is not rebuilt, nor are the dependencies it shares.
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--workspace", "--profile", profile])
        .args(["--example", name])
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building the {name} example");
    dir.join("examples").join(name)
}

/// Starts the server example on a free loopback port; returns it and its
/// address.
fn spawn_server(args: &[&str]) -> (Child, SocketAddr) {
    let mut child = Command::new(example("server"))
        .args(["--addr", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server example starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr = first
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .parse()
        .unwrap();
    (child, addr)
}

/// Waits (at most 30 s) for the child to exit.
fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    panic!("the process did not exit");
}

fn send_signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// How many `/work` requests the server has accepted, as `/metrics` shows
/// it: those in flight (this scrape aside) and those answered.
fn work_accepted(addr: SocketAddr) -> u64 {
    let (_, page) = call(addr, "GET", "/metrics", None);
    let value = |line: &str| -> u64 {
        line.rsplit(' ')
            .next()
            .and_then(|v| v.trim().parse().ok())
            .expect("a metric value")
    };
    let in_flight = page
        .lines()
        .find(|l| l.starts_with("http_requests_in_flight "))
        .map(value)
        .expect("the in-flight gauge");
    let answered: u64 = page
        .lines()
        .filter(|l| l.starts_with("http_requests_total{") && l.contains("route=\"/work\""))
        .map(value)
        .sum();
    in_flight - 1 + answered
}

/// SIGTERM with requests in flight (7 of 8 got an empty reply): every
/// request accepted is answered and the exit status is 0.
#[test]
fn sigterm_answers_every_request_in_flight_and_exits_0() {
    let (mut child, addr) = spawn_server(&[
        "--threads",
        "1",
        "--queue",
        "16",
        "--queue-timeout-ms",
        "60000",
        "--shutdown-timeout-ms",
        "60000",
    ]);
    assert_eq!(
        call(addr, "PUT", "/config", Some(&heavy_config(1 << 20))).0,
        200
    );
    let body: String = (0..100).map(|i| format!("w{i} ")).collect();
    let statuses: Vec<u16> = thread::scope(|s| {
        let clients: Vec<_> = (0..8)
            .map(|_| s.spawn(|| call(addr, "POST", "/work", Some(&body)).0))
            .collect();
        // Every client's request accepted (most still in flight: each takes
        // a while on the one worker) before the signal; a client that had
        // not connected yet would be refused, rightly, and fail the test.
        let deadline = Instant::now() + Duration::from_secs(30);
        while work_accepted(addr) < 8 {
            assert!(
                Instant::now() < deadline,
                "the requests never got in flight"
            );
            thread::sleep(Duration::from_millis(2));
        }
        send_signal(&child, "-TERM");
        clients.into_iter().map(|c| c.join().unwrap()).collect()
    });
    assert_eq!(statuses, vec![200; 8]);
    assert!(wait_exit(&mut child).success());
}

/// Clients stalled mid-head and mid-body do not hold the process open past
/// the shutdown timeout: it drops them and exits 0.
#[test]
fn stalled_clients_do_not_hold_shutdown_past_its_deadline() {
    let (mut child, addr) = spawn_server(&[
        "--header-timeout-ms",
        "600000",
        "--body-timeout-ms",
        "600000",
        "--shutdown-timeout-ms",
        "300",
    ]);
    let mut head = TcpStream::connect(addr).unwrap();
    head.write_all(b"GET /config HTTP/1.1\r\nHo").unwrap();
    let mut body = TcpStream::connect(addr).unwrap();
    body.write_all(b"PUT /cache/k HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab")
        .unwrap();
    // The body reader has the request once the gauge shows it; the head
    // may still be unparsed, which is the point.
    assert_eq!(call(addr, "GET", "/config", None).0, 200);
    send_signal(&child, "-TERM");
    assert!(wait_exit(&mut child).success());
    drop((head, body));
}

#[test]
fn sigint_stops_an_idle_server_with_exit_0() {
    let (mut child, addr) = spawn_server(&[]);
    assert_eq!(call(addr, "GET", "/config", None).0, 200);
    send_signal(&child, "-INT");
    assert!(wait_exit(&mut child).success());
}

/// `--threads 1000000` aborted the process; now it is an error message and
/// a non-zero exit, in the server, the dashboard and the pipeline.
#[test]
fn impossible_thread_counts_exit_with_an_error() {
    for (name, args) in [
        ("server", &["--addr", "127.0.0.1:0", "--threads", "1000000"]),
        ("dashboard", &["--seconds", "1", "--producers", "1000000"]),
        ("dashboard", &["--seconds", "1", "--aggregators", "1000000"]),
        (
            "pipeline",
            &[".", "--threads", "1000000", "--case-sensitive"],
        ),
    ] {
        let output = Command::new(example(name))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("the example runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{name} {args:?}");
        assert!(output.status.code().is_some(), "an exit, not a signal");
        assert!(
            stderr.contains("maximum") || stderr.contains("between"),
            "{stderr}"
        );
    }
}

/// The process's resident memory, in KiB (Linux).
fn rss_kib(child: &Child) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

/// The issue's measurement, in the real process: thousands of large cache
/// PUTs (64 MiB in all) grow its memory by about the cache's bytes, not by
/// what was sent.
#[test]
#[cfg(target_os = "linux")]
fn cache_puts_grow_memory_by_the_cache_bound_not_the_bytes_sent() {
    let (mut child, addr) = spawn_server(&["--cache-bytes", "4194304"]);
    assert_eq!(call(addr, "PUT", "/cache/warm", Some("up")).0, 200);
    let before = rss_kib(&child);
    let value = "v".repeat(32 << 10);
    thread::scope(|s| {
        for t in 0..4 {
            let value = &value;
            s.spawn(move || {
                for i in 0..500 {
                    let path = format!("/cache/t{t}-{i}");
                    assert_eq!(call(addr, "PUT", &path, Some(value)).0, 200);
                }
            });
        }
    });
    let grown_kib = rss_kib(&child).saturating_sub(before);
    // 4 MiB of cache plus allocator and buffer slack; 64 MiB were sent.
    assert!(grown_kib < 24 << 10, "RSS grew by {grown_kib} KiB");
    send_signal(&child, "-INT");
    assert!(wait_exit(&mut child).success());
}
