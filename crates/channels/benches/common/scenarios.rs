//! crossbeam-channel's benchmark scenarios, written once against
//! `fearless_core::channel`: `channels.rs` (criterion, one flavor after the
//! other) and `versus.rs` (interleaved ours-vs-competitor rounds) run the
//! same code. Each function runs one iteration: it makes a fresh channel,
//! spawns its threads, moves `n` messages and joins.

use super::{Cap, SelectFlavor};
use fearless_core::channel::{ChannelImpl, ChannelReceiver, ChannelSender};

/// Messages per iteration. Small enough that `--quick` runs the whole file
/// in a few minutes, large enough to dwarf the thread spawns.
pub const N: usize = 20_000;
/// Messages per iteration at capacities 0 and 1, where every message is a
/// handoff between threads and costs microseconds.
pub const N_SMALL: usize = 2_000;
pub const THREADS: usize = 4;

pub fn seq<F: ChannelImpl>(cap: Cap, n: usize) {
    let (tx, rx) = cap.make::<F, i32>();
    for i in 0..n {
        tx.send(i as i32).unwrap();
    }
    for _ in 0..n {
        rx.recv().unwrap();
    }
}

pub fn spsc<F: ChannelImpl>(cap: Cap, n: usize) {
    let (tx, rx) = cap.make::<F, i32>();
    std::thread::scope(|s| {
        s.spawn(move || {
            for i in 0..n {
                tx.send(i as i32).unwrap();
            }
        });
        for _ in 0..n {
            rx.recv().unwrap();
        }
    });
}

pub fn mpsc<F: ChannelImpl>(cap: Cap, n: usize) {
    let (tx, rx) = cap.make::<F, i32>();
    std::thread::scope(|s| {
        for _ in 0..THREADS {
            spawn_producer(s, &tx, n / THREADS);
        }
        for _ in 0..n / THREADS * THREADS {
            rx.recv().unwrap();
        }
    });
}

pub fn mpmc<F: ChannelImpl>(cap: Cap, n: usize) {
    let (tx, rx) = cap.make::<F, i32>();
    std::thread::scope(|s| {
        for _ in 0..THREADS {
            spawn_producer(s, &tx, n / THREADS);
        }
        for _ in 0..THREADS {
            let rx = rx.clone();
            s.spawn(move || {
                for _ in 0..n / THREADS {
                    rx.recv().unwrap();
                }
            });
        }
    });
}

pub fn select_rx<F: SelectFlavor>(cap: Cap, n: usize) {
    let (txs, rxs): (Vec<_>, Vec<_>) = (0..THREADS).map(|_| cap.make::<F, i32>()).unzip();
    std::thread::scope(|s| {
        // Producers send on clones and `txs` lives until the end: a
        // disconnected receiver would be "ready" in a select.
        for tx in &txs {
            spawn_producer(s, tx, n / THREADS);
        }
        for _ in 0..n / THREADS * THREADS {
            F::select_recv(&rxs);
        }
    });
}

/// `P` producers and `C` consumers on one channel, every one on its own
/// thread: the cells of `versus`' matrix (1x1, 4x1, 4x4, 16x16). `n` is
/// rounded down to a multiple of both counts.
pub fn grid<F: ChannelImpl, const P: usize, const C: usize>(cap: Cap, n: usize) {
    let n = n / (P * C) * (P * C);
    let (tx, rx) = cap.make::<F, i32>();
    std::thread::scope(|s| {
        for _ in 0..P {
            spawn_producer(s, &tx, n / P);
        }
        for _ in 0..C {
            let rx = rx.clone();
            s.spawn(move || {
                for _ in 0..n / C {
                    rx.recv().unwrap();
                }
            });
        }
    });
}

/// Spawns a producer that sends `count` messages on a clone of `tx`.
fn spawn_producer<'scope, S: ChannelSender<i32> + Clone + Send + 'scope>(
    s: &'scope std::thread::Scope<'scope, '_>,
    tx: &S,
    count: usize,
) {
    let tx = tx.clone();
    s.spawn(move || {
        for i in 0..count {
            tx.send(i as i32).unwrap();
        }
    });
}

/// Messages per iteration for a capacity.
pub fn messages(cap: Cap) -> usize {
    match cap {
        Cap::Bounded(0 | 1) => N_SMALL,
        _ => N,
    }
}
