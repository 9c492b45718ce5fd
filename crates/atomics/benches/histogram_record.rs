//! `Histogram::record` throughput, from one thread and from two.
// `criterion_main!` generates an undocumented `pub fn main`.
#![allow(missing_docs)]

use std::hint::black_box;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fearless_atomics::Histogram;

/// Latency-like values spread over several powers of two; cheap to produce.
#[inline]
fn value(i: u64) -> u64 {
    (i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 44) + 1_000
}

fn timed_records(h: &Arc<Histogram>, threads: usize, iters: u64) -> Duration {
    let start = Arc::new(Barrier::new(threads + 1));
    let per_thread = iters.div_ceil(threads as u64);
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (h, start) = (Arc::clone(h), Arc::clone(&start));
            thread::spawn(move || {
                start.wait();
                for i in 0..per_thread {
                    black_box(&*h).record(value(i));
                }
            })
        })
        .collect();
    start.wait();
    let begin = Instant::now();
    for t in handles {
        t.join().unwrap();
    }
    begin.elapsed()
}

fn record(c: &mut Criterion) {
    let mut group = c.benchmark_group("histogram_record");
    group.throughput(Throughput::Elements(1));
    let h = Histogram::new();
    let mut i = 0u64;
    group.bench_function("1_thread", |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            h.record(black_box(value(i)));
        });
    });
    let shared = Arc::new(Histogram::new());
    group.bench_function("2_threads", |b| {
        b.iter_custom(|iters| timed_records(&shared, 2, iters));
    });
    group.finish();

    let mut group = c.benchmark_group("histogram_snapshot");
    group.throughput(Throughput::Elements(1));
    group.bench_function("default_precision", |b| {
        b.iter(|| black_box(h.snapshot().count()))
    });
    group.finish();
}

criterion_group!(benches, record);
criterion_main!(benches);
