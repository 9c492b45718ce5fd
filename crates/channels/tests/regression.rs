//! Regressions for the bounded flavor's wake-up protocol in the worker
//! pool's shape: one producer, several consumers parked in `recv` (or
//! timing out of `recv_timeout`), then the sender dropped. Every message is
//! tagged and must arrive exactly once; each test takes well under a second.
#![cfg(not(loom))]

use fearless_channels::{Receiver, bounded};
use std::thread;

const MESSAGES: usize = if cfg!(miri) { 40 } else { 2_000 };
const CONSUMERS: usize = 3;

/// Checks that `received` holds `0..n` exactly once each.
fn assert_exactly_once(name: &str, received: Vec<Vec<usize>>, n: usize) {
    let mut seen = vec![false; n];
    for list in received {
        for i in list {
            assert!(i < n, "{name}: unknown message {i}");
            assert!(!seen[i], "{name}: message {i} received twice");
            seen[i] = true;
        }
    }
    if let Some(missing) = seen.iter().position(|s| !s) {
        panic!("{name}: message {missing} lost");
    }
}

/// Runs `CONSUMERS` threads of `consume`, each on its own clone of `rx`,
/// while `produce` runs here, and returns what each consumer received.
/// `produce` owns the sender (a `move` closure), so it is dropped when
/// `produce` returns and the consumers see the disconnect.
fn consume_while(
    rx: Receiver<usize>,
    consume: impl Fn(Receiver<usize>) -> Vec<usize> + Sync,
    produce: impl FnOnce(),
) -> Vec<Vec<usize>> {
    thread::scope(|s| {
        let consume = &consume;
        let consumers: Vec<_> = (0..CONSUMERS)
            .map(|_| {
                let rx = rx.clone();
                s.spawn(move || consume(rx))
            })
            .collect();
        drop(rx);
        produce();
        consumers.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

/// A consumer that takes every message until the channel disconnects.
fn take_all(rx: Receiver<usize>) -> Vec<usize> {
    rx.iter().collect()
}

fn one_producer_many_consumers(cap: usize, keep_receiver: bool) {
    let (tx, rx) = bounded::<usize>(cap);
    // A receiver that outlives the consumers: the channel stays connected
    // on the receiving side while they drain it.
    let kept = keep_receiver.then(|| rx.clone());
    let received = consume_while(rx, take_all, move || {
        for i in 0..MESSAGES {
            tx.send(i).unwrap();
        }
    });
    drop(kept);
    assert_exactly_once(&format!("bounded({cap})"), received, MESSAGES);
}

#[test]
fn one_producer_three_consumers_bounded_1_delivers_exactly_once() {
    one_producer_many_consumers(1, false);
    one_producer_many_consumers(1, true);
}

#[test]
fn one_producer_three_consumers_bounded_16_delivers_exactly_once() {
    one_producer_many_consumers(16, false);
    one_producer_many_consumers(16, true);
}

/// The worker pool's shutdown: every consumer is already parked in `recv`
/// when the producer sends one message per consumer and drops the sender.
#[test]
fn parked_consumers_each_get_one_message_then_disconnect() {
    let rounds = if cfg!(miri) { 3 } else { 300 };
    for cap in [1, 16] {
        for _ in 0..rounds {
            let (tx, rx) = bounded::<usize>(cap);
            let received = consume_while(rx, take_all, move || {
                // Let the consumers park (not needed for correctness).
                thread::yield_now();
                for i in 0..CONSUMERS {
                    tx.send(i).unwrap();
                }
            });
            assert_exactly_once(&format!("bounded({cap}) shutdown"), received, CONSUMERS);
        }
    }
}

/// Consumers that keep timing out (and re-registering) while one producer
/// fills a `bounded(1)` channel: a receiver that gives up must never take a
/// wake-up or a message with it.
#[test]
fn consumers_with_short_timeouts_lose_nothing() {
    use fearless_channels::RecvTimeoutError;
    use std::time::Duration;
    let n = if cfg!(miri) { 20 } else { 1_000 };
    let (tx, rx) = bounded::<usize>(1);
    let impatient = |rx: Receiver<usize>| {
        let mut got = Vec::new();
        loop {
            match rx.recv_timeout(Duration::from_micros(20)) {
                Ok(i) => got.push(i),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return got,
            }
        }
    };
    let received = consume_while(rx, impatient, move || {
        for i in 0..n {
            tx.send(i).unwrap();
        }
    });
    assert_exactly_once("bounded(1) with timeouts", received, n);
}
