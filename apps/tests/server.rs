//! The server over real HTTP on an ephemeral loopback port.
#![cfg(not(loom))]

use fearless_apps::server::{RunningServer, ServerOptions};
use std::net::SocketAddr;
use std::thread;

fn start(threads: usize, queue: usize) -> RunningServer {
    let options = ServerOptions {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        threads,
        queue,
        acceptors: 2,
        cache_capacity: 64,
    };
    RunningServer::start(&options).expect("the server starts on a free loopback port")
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// Sends a request and returns the status and the body.
fn call(server: &RunningServer, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
    let url = format!("http://{}{}", server.addr(), path);
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

#[test]
fn every_endpoint_answers_and_metrics_count_every_request() {
    let server = start(2, 16);
    assert_eq!(call(&server, "GET", "/cache/missing", None).0, 404);
    assert_eq!(
        call(&server, "PUT", "/cache/greeting", Some("hello")),
        (200, "stored\n".into())
    );
    assert_eq!(
        call(&server, "GET", "/cache/greeting", None),
        (200, "hello".into())
    );

    let (status, config) = call(&server, "GET", "/config", None);
    assert_eq!(status, 200);
    assert!(config.contains("\"name\":\"fearless\""), "{config}");

    let (status, message) = call(&server, "PUT", "/config", Some("{not json"));
    assert_eq!(status, 400);
    assert!(message.contains("invalid config JSON"), "{message}");
    let (status, message) = call(
        &server,
        "PUT",
        "/config",
        Some(r#"{"name":"x","work_rounds":0,"max_body_bytes":10}"#),
    );
    assert_eq!(status, 400, "{message}");
    assert_eq!(
        call(&server, "GET", "/config", None).1,
        config,
        "a rejected config leaves the old one"
    );

    let new = r#"{"name":"demo","work_rounds":3,"max_body_bytes":4096}"#;
    assert_eq!(call(&server, "PUT", "/config", Some(new)).0, 200);
    assert!(
        call(&server, "GET", "/config", None)
            .1
            .contains("\"name\":\"demo\"")
    );

    let (status, work) = call(&server, "POST", "/work", Some("the quick brown fox jumps"));
    assert_eq!(status, 200);
    assert!(work.starts_with("{\"words\":5,"), "{work}");
    let too_big = "x".repeat(5000);
    assert_eq!(call(&server, "POST", "/work", Some(&too_big)).0, 400);

    assert_eq!(call(&server, "GET", "/nowhere", None).0, 404);
    assert_eq!(call(&server, "DELETE", "/config", None).0, 405);

    let (status, page) = call(&server, "GET", "/metrics", None);
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
    let heavy = r#"{"name":"slow","work_rounds":10000,"max_body_bytes":1048576}"#;
    assert_eq!(call(&server, "PUT", "/config", Some(heavy)).0, 200);
    let body: String = (0..400).map(|i| format!("word{i} ")).collect();
    let statuses: Vec<u16> = thread::scope(|s| {
        let clients: Vec<_> = (0..8)
            .map(|_| s.spawn(|| call(&server, "POST", "/work", Some(&body)).0))
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
fn shutdown_finishes_requests_in_flight() {
    let server = start(1, 4);
    let heavy = r#"{"name":"slow","work_rounds":10000,"max_body_bytes":1048576}"#;
    assert_eq!(call(&server, "PUT", "/config", Some(heavy)).0, 200);
    let body: String = (0..200).map(|i| format!("w{i} ")).collect();
    let status = thread::scope(|s| {
        let client = s.spawn(|| call(&server, "POST", "/work", Some(&body)).0);
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
    let zero_threads = ServerOptions {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        threads: 0,
        ..ServerOptions::default()
    };
    assert!(RunningServer::start(&zero_threads).is_err());
    let zero_queue = ServerOptions {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        queue: 0,
        ..ServerOptions::default()
    };
    assert!(RunningServer::start(&zero_queue).is_err());
}
