//! What each endpoint does, independent of how requests arrive.

use super::dispatch::Reply;
use super::metrics::ServerMetrics;
use fearless::locks::{ConcurrentCache, ConfigCell};
use fearless::par::prelude::*;
use fearless::sync::Arc;
use serde::{Deserialize, Serialize};

/// The hard ceiling on `max_body_bytes`: a config asking for more is
/// refused, so no single request body can take more than this.
pub const MAX_BODY_BYTES_CEILING: usize = 64 << 20;

/// The largest `PUT /config` body. Fixed, not `max_body_bytes`: a config
/// that set that to 1 byte must not lock the config forever.
pub const MAX_CONFIG_BODY_BYTES: usize = 16 << 10;

/// What an entry costs the cache beyond its key and value bytes: the two
/// `String` headers, the map slot and the ring slot, rounded up.
pub const CACHE_ENTRY_OVERHEAD: usize = 128;

/// The live configuration, replaced whole by `PUT /config`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceConfig {
    /// A name the server reports; any non-empty string of at most 256 bytes.
    pub name: String,
    /// How many hashing rounds `POST /work` spends on each word (1 to 10,000).
    pub work_rounds: u32,
    /// The largest body `POST /work` and `PUT /cache/{key}` accept, in
    /// bytes (1 to [`MAX_BODY_BYTES_CEILING`]).
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
    /// `400` reply. A number too large for its field (`max_body_bytes`
    /// beyond `usize`, say) is a parse error, never a wrapped value.
    pub fn parse(body: &[u8]) -> Result<Self, String> {
        let config: Self =
            serde_json::from_slice(body).map_err(|e| format!("invalid config JSON: {e}"))?;
        if config.name.is_empty() || config.name.len() > 256 {
            return Err("invalid config: `name` must be 1 to 256 bytes".into());
        }
        if !(1..=10_000).contains(&config.work_rounds) {
            return Err("invalid config: `work_rounds` must be between 1 and 10000".into());
        }
        if !(1..=MAX_BODY_BYTES_CEILING).contains(&config.max_body_bytes) {
            return Err(format!(
                "invalid config: `max_body_bytes` must be between 1 and {MAX_BODY_BYTES_CEILING}"
            ));
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
    /// The key-value cache (`GET`/`PUT /cache/{key}`), bounded by bytes.
    pub cache: ConcurrentCache<String, String>,
    /// The longest cache key accepted, in bytes.
    pub max_key_bytes: usize,
}

impl AppState {
    /// Fresh state with the default configuration and a cache that holds
    /// at most `cache_bytes` of keys, values and per-entry overhead
    /// ([`CACHE_ENTRY_OVERHEAD`]), with keys of at most `max_key_bytes`.
    pub fn new(metrics: Arc<ServerMetrics>, cache_bytes: u64, max_key_bytes: usize) -> Self {
        Self {
            metrics,
            config: ConfigCell::new(ServiceConfig::default()),
            cache: ConcurrentCache::builder()
                .max_capacity(cache_bytes)
                .weigher(|k: &String, v: &String| {
                    // Saturates: an entry over 4 GiB weighs "too much",
                    // which is what it is.
                    u32::try_from(k.len() + v.len() + CACHE_ENTRY_OVERHEAD).unwrap_or(u32::MAX)
                })
                .build(),
            max_key_bytes,
        }
    }

    /// The largest value the cache can store under `key`.
    fn max_value_bytes(&self, key: &str) -> usize {
        let admitted = usize::try_from(self.cache.max_entry_weight()).unwrap_or(usize::MAX);
        admitted.saturating_sub(key.len() + CACHE_ENTRY_OVERHEAD)
    }
}

/// How a request's body is to be treated before it is handled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyPlan {
    /// The endpoint reads no body: it is answered without one (and cheaply,
    /// so it need not go through the worker pool).
    Ignore,
    /// The endpoint needs the body, of at most this many bytes: read it
    /// whole first (refusing anything longer), then run the handler on a
    /// pool worker.
    Read(usize),
}

/// Whether `method path` takes a body, and its limit: the config's
/// `max_body_bytes` (for `PUT /cache/{key}`, also no more than the cache
/// admits), or [`MAX_CONFIG_BODY_BYTES`] for `PUT /config`.
pub fn body_plan(state: &AppState, method: &str, path: &str) -> BodyPlan {
    let limit = state.config.load().max_body_bytes;
    match (method, route_of(path)) {
        ("POST", "/work") => BodyPlan::Read(limit),
        ("PUT", "/config") => BodyPlan::Read(MAX_CONFIG_BODY_BYTES),
        ("PUT", "/cache") => {
            let key = &path["/cache/".len()..];
            BodyPlan::Read(limit.min(state.max_value_bytes(key)))
        }
        _ => BodyPlan::Ignore,
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

/// Answers one request; `body` is the whole body, already read within the
/// limit [`body_plan`] gave (empty for endpoints that take none).
pub fn handle(state: &AppState, method: &str, path: &str, body: &[u8]) -> Reply {
    match (method, route_of(path)) {
        ("GET", "/metrics") => Reply {
            status: 200,
            content_type: "text/plain; version=0.0.4",
            body: state.metrics.render(),
        },
        ("POST", "/work") => work(body, state.config.load().work_rounds),
        ("GET", "/config") => match serde_json::to_string(&*state.config.load()) {
            Ok(json) => Reply::json(200, json),
            Err(e) => Reply::text(500, format!("could not encode the config: {e}\n")),
        },
        ("PUT", "/config") => match ServiceConfig::parse(body) {
            Ok(config) => {
                state.config.store(config);
                Reply::text(200, "config updated\n")
            }
            Err(e) => Reply::text(400, format!("{e}\n")),
        },
        (_, "/cache") if path.len() - "/cache/".len() > state.max_key_bytes => Reply::text(
            400,
            format!(
                "the cache key is longer than {} bytes\n",
                state.max_key_bytes
            ),
        ),
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
            if body.len() > state.max_value_bytes(key) {
                return Reply::text(
                    413,
                    format!(
                        "the value is larger than the cache admits ({} bytes)\n",
                        state.max_value_bytes(key)
                    ),
                );
            }
            match std::str::from_utf8(body) {
                Ok(value) => {
                    state.cache.insert(key.to_string(), value.to_string());
                    Reply::text(200, "stored\n")
                }
                Err(_) => Reply::text(400, "the value must be UTF-8\n"),
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
