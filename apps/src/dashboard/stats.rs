//! The dashboard's shared statistics.

use super::Event;
use fearless::atomics::{Histogram, ShardedCounter};
use fearless::locks::Mutex;
use std::collections::HashMap;

/// Per-key figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyStats {
    /// Events seen.
    pub count: u64,
    /// Sum of their latencies, in microseconds.
    pub latency_sum_us: u64,
    /// The largest latency, in microseconds.
    pub latency_max_us: u64,
}

/// What the reporter shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// Events counted so far.
    pub total: u64,
    /// The busiest keys, busiest first.
    pub top: Vec<(u32, KeyStats)>,
    /// Latency percentiles (p50, p90, p99) in microseconds, if any event
    /// was recorded.
    pub latency_us: Option<(u64, u64, u64)>,
}

/// Per-key maps behind sharded locks, plus lock-free totals.
pub struct Stats {
    shards: Vec<Mutex<HashMap<u32, KeyStats>>>,
    events: ShardedCounter,
    latency_us: Histogram,
}

impl Stats {
    /// Statistics with `shards` lock shards (at least one).
    pub fn new(shards: usize) -> Self {
        Self {
            shards: (0..shards.max(1))
                .map(|_| Mutex::new(HashMap::new()))
                .collect(),
            events: ShardedCounter::new(),
            latency_us: Histogram::new(),
        }
    }

    /// Folds one event in. The key's shard is locked briefly; the totals
    /// are atomics.
    pub fn record(&self, event: &Event) {
        let shard = &self.shards[event.key as usize % self.shards.len()];
        {
            let mut map = shard.lock();
            let s = map.entry(event.key).or_default();
            s.count += 1;
            s.latency_sum_us = s.latency_sum_us.saturating_add(event.latency_us);
            s.latency_max_us = s.latency_max_us.max(event.latency_us);
        }
        self.latency_us.record(event.latency_us);
        // Counted last, so a report never shows more events than the maps
        // and the histogram hold.
        self.events.inc();
    }

    /// Events counted so far.
    pub fn total(&self) -> u64 {
        self.events.get()
    }

    /// The `top` busiest keys and the latency percentiles. Shards are read
    /// one at a time, so the figures are each exact at the moment they are
    /// read, not one atomic picture.
    pub fn snapshot(&self, top: usize) -> Snapshot {
        let total = self.total();
        let mut keys: Vec<(u32, KeyStats)> = Vec::new();
        for shard in &self.shards {
            keys.extend(shard.lock().iter().map(|(k, s)| (*k, *s)));
        }
        keys.sort_unstable_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(&b.0)));
        keys.truncate(top);
        let h = self.latency_us.snapshot();
        let latency_us = match (h.quantile(0.5), h.quantile(0.9), h.quantile(0.99)) {
            (Ok(a), Ok(b), Ok(c)) if !h.is_empty() => Some((a, b, c)),
            _ => None,
        };
        Snapshot {
            total,
            top: keys,
            latency_us,
        }
    }
}
