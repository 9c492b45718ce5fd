//! Lock/unlock cost of std, parking_lot, and the facade on each backend,
//! uncontended and at 2 and 4 threads. One driver, generic over
//! `fearless_core::Lock`, instantiated for every competitor. Whether the
//! facade is within 2% of the direct call is too fine for criterion on a
//! noisy machine: `facade_overhead.rs` answers that.
// `criterion_group!` generates an undocumented `pub fn`.
#![allow(missing_docs)]

mod common;

use common::run_threads;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use fearless_core::Lock;
use fearless_locks::Mutex;
use std::hint::black_box;

type StdMutex = std::sync::Mutex<u64>;
type PlMutex = parking_lot::Mutex<u64>;
type FacadeStd = Mutex<u64, StdMutex>;
type FacadePl = Mutex<u64, PlMutex>;

#[inline(always)]
fn bump<L: Lock<u64>>(lock: &L) {
    *lock.lock() += 1;
}

fn uncontended<L: Lock<u64>>(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
) {
    let lock = L::new(0);
    c.bench_function(name, |b| b.iter(|| bump(black_box(&lock))));
}

fn contended<L: Lock<u64> + Sync>(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    threads: usize,
) {
    let lock = L::new(0);
    c.bench_with_input(BenchmarkId::new(name, threads), &threads, |b, &threads| {
        b.iter_custom(|iters| run_threads(threads, iters, |_, _| bump(&lock)))
    });
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("mutex_uncontended");
    g.throughput(Throughput::Elements(1));
    // Direct and facade interleaved, so drift in machine load hits both.
    uncontended::<PlMutex>(&mut g, "parking_lot");
    uncontended::<FacadePl>(&mut g, "facade_parking_lot");
    uncontended::<StdMutex>(&mut g, "std");
    uncontended::<FacadeStd>(&mut g, "facade_std");
    g.finish();

    let mut g = c.benchmark_group("mutex_contended");
    for threads in [2, 4] {
        g.throughput(Throughput::Elements(threads as u64));
        contended::<PlMutex>(&mut g, "parking_lot", threads);
        contended::<FacadePl>(&mut g, "facade_parking_lot", threads);
        contended::<StdMutex>(&mut g, "std", threads);
        contended::<FacadeStd>(&mut g, "facade_std", threads);
    }
    g.finish();
}

criterion_group!(mutex, benches);
criterion_main!(mutex);
