//! `dashboard`: real-time analytics.
//!
//! Producer threads emit events through a fearless channel; aggregator
//! threads fold them into per-key statistics held in fearless-locks
//! `Mutex`-protected maps (sharded by key, so aggregators rarely contend)
//! and fearless-atomics counters and a latency histogram; a reporter reads
//! a [`Snapshot`] once a second.
//!
//! The concurrency core ([`Dashboard`], [`produce`], [`aggregate`]) is the
//! same code in the example and in the loom model in this module's tests.
//!
//! Models: its `tests` module (loom:
//! `no_event_is_lost_and_reports_never_overcount`; shuttle:
//! `three_producers_two_aggregators_*`, `stop_racing_producers_*`).

mod stats;

pub use stats::{KeyStats, Snapshot, Stats};

use fearless::atomics::StopFlag;
use fearless::channels::{Receiver, Sender, bounded};
use fearless::sync::Arc;
use fearless::sync::thread::{self, JoinHandle};

/// One event: something happened to `key` and took `latency_us`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    /// Which key (a user, a route, a sensor).
    pub key: u32,
    /// How long it took, in microseconds.
    pub latency_us: u64,
}

/// How to run the dashboard.
#[derive(Clone, Debug)]
pub struct DashboardOptions {
    /// Threads that emit events.
    pub producers: usize,
    /// Threads that fold events into the statistics.
    pub aggregators: usize,
    /// Distinct keys events are spread over.
    pub keys: u32,
    /// Mutex-protected shards of the per-key map.
    pub shards: usize,
    /// Events that may wait in the channel.
    pub channel_capacity: usize,
    /// Stop each producer after this many events (`None`: until stopped).
    pub events_per_producer: Option<u64>,
}

impl Default for DashboardOptions {
    fn default() -> Self {
        Self {
            producers: 2,
            aggregators: 2,
            keys: 1000,
            shards: 16,
            channel_capacity: 4096,
            events_per_producer: None,
        }
    }
}

/// The most producer or aggregator threads a dashboard starts. Far above
/// what helps on any machine, far below what exhausts one: a count above it
/// is an error, not an attempt that aborts the process.
pub const MAX_THREADS: usize = 1024;

/// Why a dashboard did not start.
#[derive(Debug)]
pub enum StartError {
    /// An option is zero where at least one is needed (names the option).
    Zero(&'static str),
    /// A thread count is above [`MAX_THREADS`] (names the option).
    TooManyThreads(&'static str, usize),
    /// The operating system refused a thread; the threads already started
    /// were stopped and joined.
    Spawn(std::io::Error),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Zero(name) => write!(f, "invalid option: {name} must be at least 1"),
            Self::TooManyThreads(name, n) => write!(
                f,
                "invalid option: {name} is {n}, above the maximum of {MAX_THREADS}"
            ),
            Self::Spawn(e) => write!(f, "could not start a thread: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// What a finished run counted, to check that no event was lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Totals {
    /// Events the producers sent.
    pub produced: u64,
    /// Events the aggregators folded in.
    pub aggregated: u64,
    /// Events the statistics counted.
    pub counted: u64,
}

/// A running dashboard: producers and aggregators at work.
pub struct Dashboard {
    stats: Arc<Stats>,
    stop: Arc<StopFlag>,
    producers: Vec<JoinHandle<u64>>,
    aggregators: Vec<JoinHandle<u64>>,
}

impl Dashboard {
    /// Starts the producer and aggregator threads.
    pub fn start(options: &DashboardOptions) -> Result<Self, StartError> {
        for (value, name) in [
            (options.producers, "producers"),
            (options.aggregators, "aggregators"),
            (options.shards, "shards"),
            (options.keys as usize, "keys"),
        ] {
            if value == 0 {
                return Err(StartError::Zero(name));
            }
        }
        for (value, name) in [
            (options.producers, "producers"),
            (options.aggregators, "aggregators"),
        ] {
            if value > MAX_THREADS {
                return Err(StartError::TooManyThreads(name, value));
            }
        }
        let stats = Arc::new(Stats::new(options.shards));
        let stop = Arc::new(StopFlag::new());
        let (tx, rx) = bounded(options.channel_capacity);
        let mut dashboard = Self {
            stats,
            stop,
            producers: Vec::with_capacity(options.producers),
            aggregators: Vec::with_capacity(options.aggregators),
        };
        let mut failure = None;
        for i in 0..options.producers {
            let (tx, stop) = (tx.clone(), Arc::clone(&dashboard.stop));
            let (keys, limit) = (options.keys, options.events_per_producer);
            let spawned = thread::Builder::new()
                .name(format!("dashboard-producer-{i}"))
                .spawn(move || produce(&tx, i as u64 + 1, keys, &stop, limit));
            match spawned {
                Ok(handle) => dashboard.producers.push(handle),
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        // Only the producers hold senders now: when they finish, the
        // channel disconnects and the aggregators drain it and return.
        drop(tx);
        for i in 0..options.aggregators {
            if failure.is_some() {
                break;
            }
            let (rx, stats) = (rx.clone(), Arc::clone(&dashboard.stats));
            let spawned = thread::Builder::new()
                .name(format!("dashboard-aggregator-{i}"))
                .spawn(move || aggregate(&rx, &stats));
            match spawned {
                Ok(handle) => dashboard.aggregators.push(handle),
                Err(e) => failure = Some(e),
            }
        }
        match failure {
            None => Ok(dashboard),
            Some(e) => {
                // Stop what did start. Our receiver goes first: with no
                // aggregator running, a producer blocked on a full channel
                // then sees it disconnected instead of waiting forever.
                dashboard.stop.stop();
                drop(rx);
                for p in dashboard.producers.drain(..) {
                    let _ = p.join();
                }
                for a in dashboard.aggregators.drain(..) {
                    let _ = a.join();
                }
                Err(StartError::Spawn(e))
            }
        }
    }

    /// The live statistics.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Stops the producers, lets the aggregators drain every event already
    /// sent, joins everything, and returns the totals.
    pub fn stop(self) -> Totals {
        self.stop.stop();
        self.finish()
    }

    /// Waits for producers that stop by themselves
    /// ([`DashboardOptions::events_per_producer`]), then drains and joins.
    pub fn finish(self) -> Totals {
        let produced = self
            .producers
            .into_iter()
            .map(|p| p.join().expect("producer"))
            .sum();
        let aggregated = self
            .aggregators
            .into_iter()
            .map(|a| a.join().expect("aggregator"))
            .sum();
        Totals {
            produced,
            aggregated,
            counted: self.stats.total(),
        }
    }
}

/// Sends events until `stop` is raised or `limit` events are sent; returns
/// how many were sent. Keys are skewed (a few keys are hot), latencies
/// long-tailed, both from a deterministic generator seeded by `seed`.
pub fn produce(
    tx: &Sender<Event>,
    seed: u64,
    keys: u32,
    stop: &StopFlag,
    limit: Option<u64>,
) -> u64 {
    let mut rng = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut sent = 0u64;
    while !stop.is_stopped() && limit.is_none_or(|l| sent < l) {
        let (a, b) = (next(&mut rng), next(&mut rng));
        let key = ((a % u64::from(keys)) * (b % u64::from(keys)) / u64::from(keys)) as u32;
        let latency_us =
            50 + (next(&mut rng) % 1000) * (1 + (next(&mut rng) % 64 == 0) as u64 * 40);
        if tx.send(Event { key, latency_us }).is_err() {
            break;
        }
        sent += 1;
    }
    sent
}

/// Folds events into `stats` until every producer is gone and the channel
/// is drained; returns how many it folded.
pub fn aggregate(rx: &Receiver<Event>, stats: &Stats) -> u64 {
    let mut folded = 0;
    for event in rx.iter() {
        stats.record(&event);
        folded += 1;
    }
    folded
}

fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole-application property of the dashboard's core: every
    /// produced event is aggregated and counted exactly once, and a report
    /// taken while it runs never shows more than was produced.
    #[test]
    fn no_event_is_lost_and_reports_never_overcount() {
        fearless::model(|| {
            let options = DashboardOptions {
                producers: 1,
                aggregators: 1,
                keys: 2,
                shards: 1,
                channel_capacity: 1,
                events_per_producer: Some(2),
            };
            let dashboard = Dashboard::start(&options).unwrap();
            let report = dashboard.stats().snapshot(2);
            assert!(report.total <= 2);
            assert!(report.top.iter().map(|(_, s)| s.count).sum::<u64>() <= 2);
            let totals = dashboard.finish();
            assert_eq!(
                totals,
                Totals {
                    produced: 2,
                    aggregated: 2,
                    counted: 2
                }
            );
        });
    }

    /// The dashboard whole, at application scale (too large for loom's
    /// exhaustive search, so a shuttle model, and a plain test without a
    /// checker): 3 producers and 2 aggregators over a one-slot channel and
    /// two shards; every event produced is aggregated once and counted
    /// once, and a report taken mid-run never overcounts.
    #[test]
    #[cfg(any(shuttle, not(loom)))]
    fn three_producers_two_aggregators_count_every_event_once() {
        fearless::model(|| {
            let options = DashboardOptions {
                producers: 3,
                aggregators: 2,
                keys: 3,
                shards: 2,
                channel_capacity: 1,
                events_per_producer: Some(3),
            };
            let dashboard = Dashboard::start(&options).unwrap();
            let report = dashboard.stats().snapshot(3);
            assert!(report.total <= 9);
            assert!(report.top.iter().map(|(_, s)| s.count).sum::<u64>() <= 9);
            let totals = dashboard.finish();
            assert_eq!(
                totals,
                Totals {
                    produced: 9,
                    aggregated: 9,
                    counted: 9
                }
            );
        });
    }

    /// `stop` racing with 3 producers still sending: whatever they got
    /// out before the stop is drained, aggregated and counted, nothing
    /// more.
    #[test]
    #[cfg(any(shuttle, not(loom)))]
    fn stop_racing_producers_drains_what_they_sent() {
        fearless::model(|| {
            let options = DashboardOptions {
                producers: 3,
                aggregators: 2,
                keys: 2,
                shards: 2,
                channel_capacity: 2,
                events_per_producer: Some(4),
            };
            let dashboard = Dashboard::start(&options).unwrap();
            let totals = dashboard.stop();
            assert!(totals.produced <= 12);
            assert_eq!(totals.produced, totals.aggregated);
            assert_eq!(totals.produced, totals.counted);
        });
    }

    #[test]
    #[cfg(not(loom))]
    fn stop_drains_every_event_sent() {
        let dashboard = Dashboard::start(&DashboardOptions::default()).unwrap();
        while dashboard.stats().total() < 10_000 {
            thread::yield_now();
        }
        let totals = dashboard.stop();
        assert!(totals.produced >= 10_000);
        assert_eq!(totals.produced, totals.aggregated);
        assert_eq!(totals.produced, totals.counted);
    }

    #[test]
    #[cfg(not(loom))]
    fn zero_threads_is_an_error() {
        let options = DashboardOptions {
            aggregators: 0,
            ..DashboardOptions::default()
        };
        assert!(matches!(
            Dashboard::start(&options),
            Err(StartError::Zero("aggregators"))
        ));
    }

    #[test]
    #[cfg(not(loom))]
    fn impossible_thread_counts_are_errors() {
        let options = DashboardOptions {
            producers: 1_000_000,
            ..DashboardOptions::default()
        };
        let err = Dashboard::start(&options).err().expect("refused");
        assert!(matches!(
            err,
            StartError::TooManyThreads("producers", 1_000_000)
        ));
        assert!(err.to_string().contains("maximum of 1024"), "{err}");
    }
}
