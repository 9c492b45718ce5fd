//! Increments per second from 1, 2 and 4 threads, for every counter backend.
//!
//! One group per thread count, so each group answers "which counter is
//! fastest with N threads incrementing at once". The driver is written once,
//! generically over `fearless_core::SharedCounter`.
// `criterion_main!` generates an undocumented `pub fn main`.
#![allow(missing_docs)]

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fearless_atomics::{Counter, ShardedCounter};
use fearless_core::SharedCounter;

/// A shared `AtomicU64` incremented with `SeqCst` (what a naive counter does).
#[derive(Default)]
struct SeqCstAtomic(AtomicU64);

impl SharedCounter for SeqCstAtomic {
    fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::SeqCst);
    }
    fn get(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// A shared `AtomicU64` incremented with `Relaxed`.
#[derive(Default)]
struct RelaxedAtomic(AtomicU64);

impl SharedCounter for RelaxedAtomic {
    fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }
    fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Time for `iters` increments split over `threads` threads.
///
/// The threads are spawned first and wait on a barrier; the clock starts when
/// all of them are released, so spawn cost stays outside the measurement
/// (the joins, a few microseconds, are inside it).
fn timed_increments<C: SharedCounter + 'static>(
    counter: &Arc<C>,
    threads: usize,
    iters: u64,
) -> Duration {
    let start = Arc::new(Barrier::new(threads + 1));
    let per_thread = iters.div_ceil(threads as u64);
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (counter, start) = (Arc::clone(counter), Arc::clone(&start));
            thread::spawn(move || {
                // First use of a sharded counter picks this thread's shard.
                counter.add(0);
                start.wait();
                for _ in 0..per_thread {
                    black_box(&*counter).inc();
                }
            })
        })
        .collect();
    start.wait();
    let begin = Instant::now();
    for h in handles {
        h.join().unwrap();
    }
    let elapsed = begin.elapsed();
    black_box(counter.get());
    elapsed
}

fn bench_backend<C: SharedCounter + 'static>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    threads: usize,
    make: impl Fn() -> C,
) {
    let counter = Arc::new(make());
    group.bench_function(name, |b| {
        b.iter_custom(|iters| timed_increments(&counter, threads, iters));
    });
}

fn increments(c: &mut Criterion) {
    for threads in [1usize, 2, 4] {
        let name = if threads == 1 {
            "increment_1_thread".to_owned()
        } else {
            format!("increment_{threads}_threads")
        };
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Elements(1));
        bench_backend(
            &mut group,
            "AtomicU64-SeqCst",
            threads,
            SeqCstAtomic::default,
        );
        bench_backend(
            &mut group,
            "AtomicU64-Relaxed",
            threads,
            RelaxedAtomic::default,
        );
        bench_backend(&mut group, "Counter", threads, Counter::new);
        bench_backend(&mut group, "ShardedCounter", threads, ShardedCounter::new);
        bench_backend(&mut group, "std-Mutex", threads, || {
            std::sync::Mutex::new(0u64)
        });
        bench_backend(&mut group, "parking_lot-Mutex", threads, || {
            parking_lot::Mutex::new(0u64)
        });
        group.finish();
    }
}

criterion_group!(benches, increments);
criterion_main!(benches);
