//! The adaptive scheduler's two extremes, which a length threshold cannot
//! both serve: 200 items of about 1 ms each (must run in parallel) and
//! 1,000 cheap items (must cost about the sequential loop). Sequential,
//! fearless and rayon in one run; called from outside any pool, as
//! ordinary code does.
// criterion_group! generates an undocumented `pub fn`.
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Rounds of `spin` that take about a millisecond on this machine,
/// measured once (CPU work, not a sleep, so parallel speed-up is real).
fn rounds_per_ms() -> u64 {
    let mut rounds = 1_000u64;
    loop {
        let start = Instant::now();
        black_box(spin(0, rounds));
        let took = start.elapsed();
        if took >= Duration::from_millis(20) {
            return (rounds as f64 / took.as_secs_f64() / 1000.0) as u64;
        }
        rounds *= 2;
    }
}

/// Deterministic busy work: `rounds` steps of an xorshift.
fn spin(seed: u64, rounds: u64) -> u64 {
    let mut x = seed | 1;
    for _ in 0..rounds {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    x
}

fn expensive_items(c: &mut Criterion) {
    let rounds = rounds_per_ms();
    let items: Vec<u64> = (0..200).collect();
    let seq = |v: &[u64]| -> u64 { v.iter().map(|&x| spin(x, rounds) % 7).sum() };
    let ours = |v: &[u64]| -> u64 {
        use fearless_par::prelude::*;
        v.par_iter().map(|&x| spin(x, rounds) % 7).sum()
    };
    let theirs = |v: &[u64]| -> u64 {
        use rayon::prelude::*;
        v.par_iter().map(|&x| spin(x, rounds) % 7).sum()
    };
    let expected = seq(&items);
    assert_eq!(ours(&items), expected);
    assert_eq!(theirs(&items), expected);
    let mut group = c.benchmark_group("expensive_200x1ms");
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("sequential", 200), |b| {
        b.iter(|| seq(black_box(&items)))
    });
    group.bench_function(BenchmarkId::new("fearless", 200), |b| {
        b.iter(|| ours(black_box(&items)))
    });
    group.bench_function(BenchmarkId::new("rayon", 200), |b| {
        b.iter(|| theirs(black_box(&items)))
    });
    group.finish();
}

fn cheap_items(c: &mut Criterion) {
    let items: Vec<u64> = (0..1_000).collect();
    let seq = |v: &[u64]| -> u64 {
        v.iter()
            .filter(|&&x| x % 3 != 0)
            .map(|&x| x * x % 1000)
            .sum()
    };
    let ours = |v: &[u64]| -> u64 {
        use fearless_par::prelude::*;
        v.par_iter()
            .filter(|&&x| x % 3 != 0)
            .map(|&x| x * x % 1000)
            .sum()
    };
    let theirs = |v: &[u64]| -> u64 {
        use rayon::prelude::*;
        v.par_iter()
            .filter(|&&x| x % 3 != 0)
            .map(|&x| x * x % 1000)
            .sum()
    };
    let expected = seq(&items);
    assert_eq!(ours(&items), expected);
    assert_eq!(theirs(&items), expected);
    let mut group = c.benchmark_group("cheap_1000");
    group.bench_function(BenchmarkId::new("sequential", 1000), |b| {
        b.iter(|| seq(black_box(&items)))
    });
    group.bench_function(BenchmarkId::new("fearless", 1000), |b| {
        b.iter(|| ours(black_box(&items)))
    });
    group.bench_function(BenchmarkId::new("rayon", 1000), |b| {
        b.iter(|| theirs(black_box(&items)))
    });
    group.finish();
}

criterion_group!(benches, cheap_items, expensive_items);
criterion_main!(benches);
