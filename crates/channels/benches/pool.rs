//! The worker pool's overhead: N tiny jobs through `WorkerPool` on each
//! channel implementation side by side (ours first, the reference), against a bare
//! channel feeding plain threads, and against rayon's `spawn`. Every variant
//! has the same 2 workers, kept alive across iterations, and the same
//! completion latch, so the difference is the cost of the pool's admission
//! gate, boxing and panic catching. A second group bounds the queue to 16
//! jobs, so producers feel backpressure and every implementation's blocking path
//! runs.
// criterion_group! generates an undocumented function.
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fearless_channels::FearlessChannel;
use fearless_channels::pool::{PoolBuilder, WorkerPool};
use fearless_core::channel::{ChannelImpl, CrossbeamChannel, StdMpsc};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const JOBS: usize = 10_000;
const WORKERS: usize = 2;

/// Counts jobs down; the last one wakes the waiter.
struct Latch {
    left: AtomicUsize,
    done: crossbeam_channel::Sender<()>,
}

impl Latch {
    fn new(n: usize) -> (Arc<Self>, crossbeam_channel::Receiver<()>) {
        let (done, wait) = crossbeam_channel::bounded(1);
        let latch = Arc::new(Self {
            left: AtomicUsize::new(n),
            done,
        });
        (latch, wait)
    }

    fn count_down(&self) {
        // AcqRel: the last decrement sees every earlier job's effects.
        if self.left.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.done.send(()).unwrap();
        }
    }
}

fn through_pool<F: ChannelImpl>(pool: &WorkerPool<F>) {
    let (latch, wait) = Latch::new(JOBS);
    for _ in 0..JOBS {
        let latch = Arc::clone(&latch);
        pool.execute(move || latch.count_down()).unwrap();
    }
    wait.recv().unwrap();
}

/// The queue of the backpressure group.
const SMALL_QUEUE: usize = 16;

fn pool_bench<F: ChannelImpl>(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    queue: Option<usize>,
) {
    let builder = PoolBuilder::<F>::with_channel().num_threads(WORKERS);
    let pool = match queue {
        Some(cap) => builder.queue_capacity(cap),
        None => builder,
    }
    .build()
    .unwrap();
    c.bench_function(format!("WorkerPool<{}>", F::NAME), |b| {
        b.iter(|| through_pool(&pool))
    });
}

type Job = Box<dyn FnOnce() + Send>;

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("pool/10k_tiny_jobs");
    g.throughput(Throughput::Elements(JOBS as u64));
    g.sample_size(20);

    pool_bench::<FearlessChannel>(&mut g, None);
    pool_bench::<CrossbeamChannel>(&mut g, None);
    pool_bench::<StdMpsc>(&mut g, None);

    // Baseline: a bare crossbeam channel of boxed jobs and two threads.
    {
        let (tx, rx) = crossbeam_channel::unbounded::<Job>();
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                let rx = rx.clone();
                std::thread::spawn(move || {
                    for job in rx {
                        job();
                    }
                })
            })
            .collect();
        g.bench_function("crossbeam-channel+threads", |b| {
            b.iter(|| {
                let (latch, wait) = Latch::new(JOBS);
                for _ in 0..JOBS {
                    let latch = Arc::clone(&latch);
                    tx.send(Box::new(move || latch.count_down())).unwrap();
                }
                wait.recv().unwrap();
            })
        });
        drop(tx);
        for w in workers {
            w.join().unwrap();
        }
    }

    {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(WORKERS)
            .build()
            .unwrap();
        g.bench_function("rayon::spawn", |b| {
            b.iter(|| {
                let (latch, wait) = Latch::new(JOBS);
                for _ in 0..JOBS {
                    let latch = Arc::clone(&latch);
                    pool.spawn(move || latch.count_down());
                }
                wait.recv().unwrap();
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group(format!("pool/10k_tiny_jobs_queue{SMALL_QUEUE}"));
    g.throughput(Throughput::Elements(JOBS as u64));
    g.sample_size(20);
    pool_bench::<FearlessChannel>(&mut g, Some(SMALL_QUEUE));
    pool_bench::<CrossbeamChannel>(&mut g, Some(SMALL_QUEUE));
    pool_bench::<StdMpsc>(&mut g, Some(SMALL_QUEUE));
    g.finish();
}

criterion_group!(pool, benches);
criterion_main!(pool);
