//! Regressions for the bounded flavor's wake-up protocol: one producer,
//! several consumers parked in `recv`. Each used to hang (a wake-up lost
//! while several receivers were parked). Every message is tagged and must
//! arrive exactly once.
#![cfg(not(loom))]

use fearless_channels::bounded;
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

fn one_producer_many_consumers(cap: usize, keep_receiver: bool) {
    let (tx, rx) = bounded::<usize>(cap);
    let received = thread::scope(|s| {
        let consumers: Vec<_> = (0..CONSUMERS)
            .map(|_| {
                let rx = rx.clone();
                s.spawn(move || rx.iter().collect::<Vec<_>>())
            })
            .collect();
        let kept = keep_receiver.then(|| rx.clone());
        drop(rx);
        for i in 0..MESSAGES {
            tx.send(i).unwrap();
        }
        drop(tx);
        let received = consumers.into_iter().map(|h| h.join().unwrap()).collect();
        drop(kept);
        received
    });
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
            let received = thread::scope(|s| {
                let consumers: Vec<_> = (0..CONSUMERS)
                    .map(|_| {
                        let rx = rx.clone();
                        s.spawn(move || rx.iter().collect::<Vec<_>>())
                    })
                    .collect();
                drop(rx);
                // Let the consumers park (not needed for correctness).
                thread::yield_now();
                for i in 0..CONSUMERS {
                    tx.send(i).unwrap();
                }
                drop(tx);
                consumers
                    .into_iter()
                    .map(|h| h.join().unwrap())
                    .collect::<Vec<_>>()
            });
            assert_exactly_once(&format!("bounded({cap}) shutdown"), received, CONSUMERS);
        }
    }
}
