//! Drivers shared by the benches: run an operation on N threads at once and
//! time it, and the read/write mixes.
#![allow(dead_code)]

use std::sync::Barrier;
use std::time::{Duration, Instant};

/// The read/write mixes: (name, reads per hundred operations).
pub const MIXES: [(&str, u64); 4] = [("100-0", 100), ("99-1", 99), ("90-10", 90), ("50-50", 50)];

/// Whether operation `i` of a thread is a write in a mix with `reads` reads
/// per hundred: spread evenly, deterministic.
#[inline(always)]
pub fn is_write(i: u64, reads: u64) -> bool {
    i % 100 >= reads
}

/// Runs `op(thread, i)` for `i in 0..iters` on each of `threads` threads,
/// started together; returns the time until the last one finishes.
pub fn run_threads(threads: usize, iters: u64, op: impl Fn(usize, u64) + Sync) -> Duration {
    let barrier = Barrier::new(threads + 1);
    std::thread::scope(|s| {
        for t in 0..threads {
            let (barrier, op) = (&barrier, &op);
            s.spawn(move || {
                barrier.wait();
                for i in 0..iters {
                    op(t, i);
                }
            });
        }
        barrier.wait();
        let start = Instant::now();
        // Leaving the scope joins the workers.
        start
    })
    .elapsed()
}

/// Like [`run_threads`], with one more thread calling `write()` in a loop
/// (sleeping 100 µs between calls: up to 10,000 writes a second) until the
/// timed threads finish. Only the timed threads' operations count.
pub fn run_threads_with_writer(
    threads: usize,
    iters: u64,
    op: impl Fn(usize, u64) + Sync,
    write: impl Fn() + Sync,
) -> Duration {
    use std::sync::atomic::{AtomicBool, Ordering};
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            // The writer sleeps between writes, as a config writer does: a
            // writer that spins would take one of the two cores away from
            // the readers, and on a 2-core machine the bench would then time
            // one reader at a time, hiding the readers' mutual contention.
            while !stop.load(Ordering::Relaxed) {
                write();
                std::thread::sleep(Duration::from_micros(100));
            }
        });
        let elapsed = run_threads(threads, iters, op);
        stop.store(true, Ordering::Relaxed);
        elapsed
    })
}
