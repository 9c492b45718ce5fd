//! What each endpoint does, independent of how requests arrive.

use super::dispatch::Reply;
use super::metrics::ServerMetrics;
use fearless::locks::{ConcurrentCache, ConfigCell};
use fearless::par::prelude::*;
use fearless::sync::Arc;
use serde::{Deserialize, Serialize};

/// The live configuration, replaced whole by `PUT /config`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceConfig {
    /// A name the server reports; any non-empty string.
    pub name: String,
    /// How many hashing rounds `POST /work` spends on each word (1 to 10,000).
    pub work_rounds: u32,
    /// The largest body `POST /work` and `PUT /cache/{key}` accept, in bytes.
    pub max_body_bytes: usize,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        Self {
            name: "fearless".into(),
            work_rounds: 64,
            max_body_bytes: 1 << 20,
        }
    }
}

impl ServiceConfig {
    /// Parses and checks a configuration; the error is the message for a
    /// `400` reply.
    pub fn parse(body: &[u8]) -> Result<Self, String> {
        let config: Self =
            serde_json::from_slice(body).map_err(|e| format!("invalid config JSON: {e}"))?;
        if config.name.is_empty() {
            return Err("invalid config: `name` must not be empty".into());
        }
        if !(1..=10_000).contains(&config.work_rounds) {
            return Err("invalid config: `work_rounds` must be between 1 and 10000".into());
        }
        if config.max_body_bytes == 0 {
            return Err("invalid config: `max_body_bytes` must be positive".into());
        }
        Ok(config)
    }
}

/// Everything the endpoints share.
pub struct AppState {
    /// Request metrics.
    pub metrics: Arc<ServerMetrics>,
    /// The configuration (`GET`/`PUT /config`).
    pub config: ConfigCell<ServiceConfig>,
    /// The key-value cache (`GET`/`PUT /cache/{key}`).
    pub cache: ConcurrentCache<String, String>,
}

impl AppState {
    /// Fresh state with the default configuration and a cache of
    /// `cache_capacity` entries.
    pub fn new(metrics: Arc<ServerMetrics>, cache_capacity: usize) -> Self {
        Self {
            metrics,
            config: ConfigCell::new(ServiceConfig::default()),
            cache: ConcurrentCache::new(cache_capacity),
        }
    }
}

/// The route a path belongs to, as counted in the metrics.
pub fn route_of(path: &str) -> &'static str {
    match path {
        "/metrics" => "/metrics",
        "/work" => "/work",
        "/config" => "/config",
        p if p.starts_with("/cache/") => "/cache",
        _ => "other",
    }
}

/// Answers one request. `body` is read only by the endpoints that take one,
/// and never beyond the configured limit.
pub fn handle(
    state: &AppState,
    method: &str,
    path: &str,
    body: &mut dyn FnMut(usize) -> Result<Vec<u8>, String>,
) -> Reply {
    let limit = state.config.load().max_body_bytes;
    match (method, route_of(path)) {
        ("GET", "/metrics") => Reply {
            status: 200,
            content_type: "text/plain; version=0.0.4",
            body: state.metrics.render(),
        },
        ("POST", "/work") => match body(limit) {
            Ok(bytes) => work(&bytes, state.config.load().work_rounds),
            Err(e) => Reply::text(400, e),
        },
        ("GET", "/config") => match serde_json::to_string(&*state.config.load()) {
            Ok(json) => Reply::json(200, json),
            Err(e) => Reply::text(500, format!("could not encode the config: {e}\n")),
        },
        ("PUT", "/config") => match body(limit).and_then(|b| ServiceConfig::parse(&b)) {
            Ok(config) => {
                state.config.store(config);
                Reply::text(200, "config updated\n")
            }
            Err(e) => Reply::text(400, format!("{e}\n")),
        },
        ("GET", "/cache") => {
            let key = &path["/cache/".len()..];
            match state.cache.get(key) {
                Some(value) => Reply::text(200, value),
                None => Reply::text(404, format!("no cache entry for `{key}`\n")),
            }
        }
        ("PUT", "/cache") => {
            let key = &path["/cache/".len()..];
            if key.is_empty() {
                return Reply::text(400, "the cache key must not be empty\n");
            }
            match body(limit)
                .and_then(|b| String::from_utf8(b).map_err(|_| "the value must be UTF-8".into()))
            {
                Ok(value) => {
                    state.cache.insert(key.to_string(), value);
                    Reply::text(200, "stored\n")
                }
                Err(e) => Reply::text(400, format!("{e}\n")),
            }
        }
        (_, "other") => Reply::text(404, format!("no route for {method} {path}\n")),
        _ => Reply::text(405, format!("{method} is not allowed on {path}\n")),
    }
}

/// The CPU-heavy endpoint: hashes every word of the body `rounds` times in
/// parallel on fearless-par, sorts the hashes in parallel, and reports a
/// digest of the result.
pub fn work(body: &[u8], rounds: u32) -> Reply {
    let words: Vec<&[u8]> = body
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let mut hashes: Vec<u64> = words.par_iter().map(|w| hash_rounds(w, rounds)).collect();
    hashes.par_sort_unstable();
    let digest = hashes.iter().fold(0u64, |acc, h| acc.rotate_left(5) ^ h);
    let median = hashes.get(hashes.len() / 2).copied().unwrap_or(0);
    Reply::json(
        200,
        format!(
            "{{\"words\":{},\"median_hash\":{median},\"digest\":{digest}}}",
            words.len()
        ),
    )
}

/// FNV-1a, re-applied `rounds` times: deterministic and cheap to verify.
fn hash_rounds(word: &[u8], rounds: u32) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for _ in 0..rounds {
        for &b in word {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}
