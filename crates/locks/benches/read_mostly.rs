//! Read-heavy mixes (100/0, 99/1, 90/10, 50/50 reads/writes) on two
//! threads: reader-writer locks (std, parking_lot, crossbeam's ShardedLock,
//! our ShardedRwLock, the facade), and ConfigCell against arc-swap's
//! `ArcSwap` and `RwLock<Arc<T>>`, including the goal case: loads on 2
//! threads while a writer replaces the value.
// `criterion_group!` generates an undocumented `pub fn`.
#![allow(missing_docs)]

mod common;

use common::{MIXES, is_write, run_threads, run_threads_with_writer};
use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use fearless_core::ReadWriteLock;
use fearless_locks::{ConfigCell, RwLock, ShardedRwLock};
use std::hint::black_box;
use std::sync::{Arc, PoisonError};

const THREADS: usize = 2;

/// crossbeam's `ShardedLock` behind the core trait (a local wrapper: the
/// orphan rule keeps the impl out of fearless-core).
struct Crossbeam<T>(crossbeam_utils::sync::ShardedLock<T>);

impl<T> ReadWriteLock<T> for Crossbeam<T> {
    type ReadGuard<'a>
        = crossbeam_utils::sync::ShardedLockReadGuard<'a, T>
    where
        T: 'a;
    type WriteGuard<'a>
        = crossbeam_utils::sync::ShardedLockWriteGuard<'a, T>
    where
        T: 'a;

    fn new(value: T) -> Self {
        Self(crossbeam_utils::sync::ShardedLock::new(value))
    }
    fn read(&self) -> Self::ReadGuard<'_> {
        self.0.read().unwrap_or_else(PoisonError::into_inner)
    }
    fn write(&self) -> Self::WriteGuard<'_> {
        self.0.write().unwrap_or_else(PoisonError::into_inner)
    }
    fn try_read(&self) -> Option<Self::ReadGuard<'_>> {
        self.0.try_read().ok()
    }
    fn try_write(&self) -> Option<Self::WriteGuard<'_>> {
        self.0.try_write().ok()
    }
    fn into_inner(self) -> T {
        self.0.into_inner().unwrap_or_else(PoisonError::into_inner)
    }
    fn get_mut(&mut self) -> &mut T {
        self.0.get_mut().unwrap_or_else(PoisonError::into_inner)
    }
}

fn rwlock_mix<L: ReadWriteLock<u64> + Sync>(g: &mut BenchmarkGroup<'_, WallTime>, name: &str) {
    let lock = L::new(0);
    for (mix, reads) in MIXES {
        g.bench_with_input(BenchmarkId::new(name, mix), &reads, |b, &reads| {
            b.iter_custom(|iters| {
                run_threads(THREADS, iters, |_, i| {
                    if is_write(i, reads) {
                        *lock.write() += 1;
                    } else {
                        black_box(*lock.read());
                    }
                })
            })
        });
    }
}

/// A value shared for reading and replaced whole: what ConfigCell and
/// `RwLock<Arc<T>>` both offer.
trait Shared: Sync {
    fn new(value: [u64; 4]) -> Self;
    /// Reads the current value (the competitor's idiomatic snapshot).
    fn read_sum(&self) -> u64;
    fn replace(&self, value: [u64; 4]);
}

struct Cell(ConfigCell<[u64; 4]>);
struct CellFull(ConfigCell<[u64; 4]>);
struct StdArc(std::sync::RwLock<Arc<[u64; 4]>>);
struct PlArc(parking_lot::RwLock<Arc<[u64; 4]>>);
/// arc-swap, the ecosystem's answer to the same question: `load` borrows
/// the current value through a thread-local debt slot, as ours does.
struct ArcSwapCell(arc_swap::ArcSwap<[u64; 4]>);

impl Shared for Cell {
    fn new(value: [u64; 4]) -> Self {
        Self(ConfigCell::new(value))
    }
    #[inline(always)]
    fn read_sum(&self) -> u64 {
        self.0.load().iter().sum()
    }
    fn replace(&self, value: [u64; 4]) {
        self.0.store(value);
    }
}

impl Shared for CellFull {
    fn new(value: [u64; 4]) -> Self {
        Self(ConfigCell::new(value))
    }
    #[inline(always)]
    fn read_sum(&self) -> u64 {
        self.0.load_full().iter().sum()
    }
    fn replace(&self, value: [u64; 4]) {
        self.0.store(value);
    }
}

impl Shared for StdArc {
    fn new(value: [u64; 4]) -> Self {
        Self(std::sync::RwLock::new(Arc::new(value)))
    }
    #[inline(always)]
    fn read_sum(&self) -> u64 {
        let snapshot = Arc::clone(&self.0.read().unwrap_or_else(PoisonError::into_inner));
        snapshot.iter().sum()
    }
    fn replace(&self, value: [u64; 4]) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(value);
    }
}

impl Shared for PlArc {
    fn new(value: [u64; 4]) -> Self {
        Self(parking_lot::RwLock::new(Arc::new(value)))
    }
    #[inline(always)]
    fn read_sum(&self) -> u64 {
        let snapshot = Arc::clone(&self.0.read());
        snapshot.iter().sum()
    }
    fn replace(&self, value: [u64; 4]) {
        *self.0.write() = Arc::new(value);
    }
}

impl Shared for ArcSwapCell {
    fn new(value: [u64; 4]) -> Self {
        Self(arc_swap::ArcSwap::from_pointee(value))
    }
    #[inline(always)]
    fn read_sum(&self) -> u64 {
        self.0.load().iter().sum()
    }
    fn replace(&self, value: [u64; 4]) {
        self.0.store(Arc::new(value));
    }
}

fn config_with_writer<S: Shared>(g: &mut BenchmarkGroup<'_, WallTime>, name: &str) {
    let shared = S::new([1; 4]);
    g.bench_function(name, |b| {
        b.iter_custom(|iters| {
            run_threads_with_writer(
                THREADS,
                iters,
                |_, _| {
                    black_box(shared.read_sum());
                },
                || shared.replace(black_box([2; 4])),
            )
        })
    });
}

fn config_mix<S: Shared>(g: &mut BenchmarkGroup<'_, WallTime>, name: &str) {
    let shared = S::new([1; 4]);
    for (mix, reads) in MIXES {
        g.bench_with_input(BenchmarkId::new(name, mix), &reads, |b, &reads| {
            b.iter_custom(|iters| {
                run_threads(THREADS, iters, |_, i| {
                    if is_write(i, reads) {
                        shared.replace([i; 4]);
                    } else {
                        black_box(shared.read_sum());
                    }
                })
            })
        });
    }
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("rwlock_read_mix");
    g.throughput(Throughput::Elements(THREADS as u64));
    rwlock_mix::<ShardedRwLock<u64>>(&mut g, "fearless_sharded");
    rwlock_mix::<Crossbeam<u64>>(&mut g, "crossbeam_sharded");
    rwlock_mix::<parking_lot::RwLock<u64>>(&mut g, "parking_lot");
    rwlock_mix::<std::sync::RwLock<u64>>(&mut g, "std");
    rwlock_mix::<RwLock<u64>>(&mut g, "facade");
    g.finish();

    let mut g = c.benchmark_group("config_load_with_writer");
    g.throughput(Throughput::Elements(THREADS as u64));
    config_with_writer::<Cell>(&mut g, "config_cell_load");
    config_with_writer::<CellFull>(&mut g, "config_cell_load_full");
    config_with_writer::<ArcSwapCell>(&mut g, "arc_swap_load");
    config_with_writer::<StdArc>(&mut g, "std_rwlock_arc");
    config_with_writer::<PlArc>(&mut g, "parking_lot_rwlock_arc");
    g.finish();

    let mut g = c.benchmark_group("config_read_mix");
    g.throughput(Throughput::Elements(THREADS as u64));
    config_mix::<Cell>(&mut g, "config_cell");
    config_mix::<ArcSwapCell>(&mut g, "arc_swap");
    config_mix::<StdArc>(&mut g, "std_rwlock_arc");
    g.finish();
}

criterion_group!(read_mostly, benches);
criterion_main!(read_mostly);
