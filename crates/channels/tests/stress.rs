//! Many producers and consumers on real threads: every message is tagged
//! (producer, sequence) and must arrive exactly once and in per-producer
//! order; drops are counted.
#![cfg(not(loom))]

mod common;

use common::{Counted, Named, channels, join_all};
use fearless_channels::{Receiver, Sender, bounded, select};
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

const PRODUCERS: usize = if cfg!(miri) { 2 } else { 4 };
const CONSUMERS: usize = if cfg!(miri) { 2 } else { 3 };
const PER_PRODUCER: usize = if cfg!(miri) { 30 } else { 3_000 };

/// Every capacity class: rendezvous, one slot, a few, many, unbounded.
/// Under Miri one of each implementation (zero, array, list) is enough to
/// check their unsafe code, and keeps the crate's Miri run short.
fn flavors<T>() -> Vec<Named<T>> {
    if cfg!(miri) {
        channels(&[0, 7])
    } else {
        channels(&[0, 1, 7, 1024])
    }
}

/// Checks exactly-once delivery and per-producer order over what every
/// consumer received (each consumer's list is in its receive order).
fn check_delivery(name: &str, received: Vec<Vec<Tagged>>, producers: usize, each: usize) {
    let mut seen = HashSet::new();
    for list in &received {
        let mut last = vec![None; producers];
        for &(p, seq) in list {
            assert!(seen.insert((p, seq)), "{name}: ({p}, {seq}) received twice");
            if let Some(prev) = last[p] {
                assert!(
                    seq > prev,
                    "{name}: producer {p} out of order: {prev} then {seq}"
                );
            }
            last[p] = Some(seq);
        }
    }
    assert_eq!(seen.len(), producers * each, "{name}: messages lost");
}

/// A message tagged (producer, sequence).
type Tagged = (usize, usize);

/// `PRODUCERS` threads each pass `(p, seq)` for `seq` in `0..each` to
/// `send`, `CONSUMERS` threads each collect with `drain` until the channel
/// disconnects; then checks exactly-once delivery and per-producer order.
fn exchange(
    name: &str,
    (s, r): (Sender<Tagged>, Receiver<Tagged>),
    each: usize,
    send: impl Fn(&Sender<Tagged>, Tagged) + Sync,
    drain: impl Fn(&Receiver<Tagged>) -> Vec<Tagged> + Sync,
) {
    let (send, drain) = (&send, &drain);
    let received = thread::scope(|scope| {
        for p in 0..PRODUCERS {
            let s = s.clone();
            scope.spawn(move || (0..each).for_each(|seq| send(&s, (p, seq))));
        }
        let consumers: Vec<_> = (0..CONSUMERS)
            .map(|_| {
                let r = r.clone();
                scope.spawn(move || drain(&r))
            })
            .collect();
        drop(s);
        join_all(consumers)
    });
    check_delivery(name, received, PRODUCERS, each);
}

#[test]
fn mpmc_exactly_once_in_order() {
    for (name, chan) in flavors::<Tagged>() {
        exchange(
            &name,
            chan,
            PER_PRODUCER,
            |s, msg| s.send(msg).unwrap(),
            |r| r.iter().collect(),
        );
    }
}

#[test]
// Busy retry loops: too slow interpreted; the api tests run `try_*` in Miri.
#[cfg_attr(miri, ignore)]
fn try_ops_exactly_once() {
    let try_send = |s: &Sender<Tagged>, mut msg| {
        while let Err(e) = s.try_send(msg) {
            assert!(e.is_full());
            msg = e.into_inner();
            thread::yield_now();
        }
    };
    let try_drain = |r: &Receiver<Tagged>| {
        if r.capacity() == Some(0) {
            // A rendezvous needs one side to block: two sides that only
            // `try` never meet.
            return r.iter().collect();
        }
        let mut got = Vec::new();
        loop {
            match r.try_recv() {
                Ok(m) => got.push(m),
                Err(e) if e.is_disconnected() => return got,
                Err(_) => thread::yield_now(),
            }
        }
    };
    for (name, chan) in flavors::<Tagged>() {
        exchange(&name, chan, PER_PRODUCER, try_send, try_drain);
    }
}

#[test]
// Timeout loops: too slow interpreted; the api tests run timeouts in Miri.
#[cfg_attr(miri, ignore)]
fn timed_ops_lose_nothing() {
    let tiny = Duration::from_micros(50);
    let timed_send = |s: &Sender<Tagged>, mut msg| {
        while let Err(e) = s.send_timeout(msg, tiny) {
            assert!(e.is_timeout());
            msg = e.into_inner();
        }
    };
    let timed_drain = |r: &Receiver<Tagged>| {
        let mut got = Vec::new();
        loop {
            match r.recv_timeout(tiny) {
                Ok(m) => got.push(m),
                Err(e) if e.is_disconnected() => return got,
                Err(_) => {}
            }
        }
    };
    for (name, chan) in flavors::<Tagged>() {
        exchange(&name, chan, PER_PRODUCER / 5, timed_send, timed_drain);
    }
}

#[test]
fn select_over_two_channels_exactly_once() {
    for (name, (s1, r1)) in flavors::<Tagged>() {
        let (s2, r2) = bounded(3);
        let received = thread::scope(|scope| {
            for p in 0..PRODUCERS {
                let s = if p % 2 == 0 { s1.clone() } else { s2.clone() };
                scope.spawn(move || {
                    for seq in 0..PER_PRODUCER / 2 {
                        s.send((p, seq)).unwrap();
                    }
                });
            }
            let consumers: Vec<_> = (0..CONSUMERS)
                .map(|_| {
                    let (r1, r2) = (r1.clone(), r2.clone());
                    scope.spawn(move || {
                        let mut got = Vec::new();
                        let (mut open1, mut open2) = (true, true);
                        while open1 || open2 {
                            // A disconnected channel is always ready: leave
                            // it out once it is done.
                            if open1 && open2 {
                                select! {
                                    recv(r1) -> m => match m {
                                        Ok(m) => got.push(m),
                                        Err(_) => open1 = false,
                                    },
                                    recv(r2) -> m => match m {
                                        Ok(m) => got.push(m),
                                        Err(_) => open2 = false,
                                    },
                                }
                            } else if open1 {
                                match r1.recv() {
                                    Ok(m) => got.push(m),
                                    Err(_) => open1 = false,
                                }
                            } else {
                                match r2.recv() {
                                    Ok(m) => got.push(m),
                                    Err(_) => open2 = false,
                                }
                            }
                        }
                        got
                    })
                })
                .collect();
            drop((s1, s2));
            join_all(consumers)
        });
        check_delivery(&name, received, PRODUCERS, PER_PRODUCER / 2);
    }
}

#[test]
fn select_send_side_exactly_once() {
    for (name, (s1, r1)) in flavors::<Tagged>() {
        let (s2, r2) = bounded(0);
        let received = thread::scope(|scope| {
            for p in 0..PRODUCERS {
                let (s1, s2) = (s1.clone(), s2.clone());
                scope.spawn(move || {
                    for seq in 0..PER_PRODUCER / 2 {
                        select! {
                            send(s1, (p, seq)) -> res => res.unwrap(),
                            send(s2, (p, seq)) -> res => res.unwrap(),
                        }
                    }
                });
            }
            let consumers: Vec<_> = [r1.clone(), r2.clone(), r1.clone(), r2.clone()]
                .into_iter()
                .map(|r| scope.spawn(move || r.iter().collect::<Vec<_>>()))
                .collect();
            drop((s1, s2, r1, r2));
            join_all(consumers)
        });
        check_delivery(&name, received, PRODUCERS, PER_PRODUCER / 2);
    }
}

#[test]
fn every_message_dropped_exactly_once_when_receivers_leave_early() {
    for (name, (s, r)) in flavors::<Counted>() {
        let drops = Arc::new(AtomicUsize::new(0));
        let sent = thread::scope(|scope| {
            let producers: Vec<_> = (0..PRODUCERS)
                .map(|_| {
                    let (s, drops) = (s.clone(), drops.clone());
                    scope.spawn(move || {
                        let mut accepted = 0;
                        for _ in 0..PER_PRODUCER {
                            match s.send(Counted(drops.clone())) {
                                Ok(()) => accepted += 1,
                                // The message came back; it drops here.
                                Err(_) => break,
                            }
                        }
                        accepted
                    })
                })
                .collect();
            for _ in 0..CONSUMERS {
                let r = r.clone();
                scope.spawn(move || {
                    // Take some, then leave.
                    for _ in 0..PER_PRODUCER / 4 {
                        if r.recv().is_err() {
                            break;
                        }
                    }
                });
            }
            drop((s, r));
            join_all(producers).into_iter().sum::<usize>()
        });
        // Everything accepted was received or discarded; every refused
        // message was dropped by its producer: one drop per message made.
        let made = drops.load(Ordering::Relaxed);
        assert!(
            made >= sent,
            "{name}: {made} drops for {sent} accepted messages"
        );
        let refused = made - sent;
        assert!(
            refused <= PRODUCERS,
            "{name}: at most one refusal per producer"
        );
    }
}

#[test]
fn dropping_both_ends_with_full_buffers_drops_each_message_once() {
    for (name, (s, r)) in flavors::<Counted>() {
        let drops = Arc::new(AtomicUsize::new(0));
        let n = s.capacity().map_or(100, |c| c.min(100));
        for _ in 0..n {
            s.send(Counted(drops.clone())).unwrap();
        }
        let half = n / 2;
        for _ in 0..half {
            drop(r.recv().unwrap());
        }
        assert_eq!(drops.load(Ordering::Relaxed), half, "{name}");
        drop(r);
        assert_eq!(
            drops.load(Ordering::Relaxed),
            n,
            "{name}: dropped when receivers left"
        );
        drop(s);
        assert_eq!(drops.load(Ordering::Relaxed), n, "{name}: exactly once");
    }
}

#[test]
fn disconnect_under_load_wakes_everyone() {
    for (name, (s, r)) in flavors::<usize>() {
        thread::scope(|scope| {
            let consumers: Vec<_> = (0..CONSUMERS)
                .map(|_| {
                    let r = r.clone();
                    scope.spawn(move || r.iter().count())
                })
                .collect();
            for i in 0..PER_PRODUCER {
                s.send(i).unwrap();
            }
            drop(s);
            let total: usize = join_all(consumers).into_iter().sum();
            assert_eq!(total, PER_PRODUCER, "{name}");
        });
    }
}

/// Receivers drop while senders cross block boundaries of an unbounded
/// channel (blocks of 31 slots), over many short rounds. Every message made
/// is accounted for: received, handed back by a failed send, or discarded
/// by the last receiver's drop, each exactly once; and once a send has
/// failed, the disconnect stays (the next send fails too). A lost
/// disconnect mark shows as sends that keep succeeding into a channel
/// nobody reads, whose messages are then never dropped.
#[test]
fn receivers_dropping_while_senders_cross_blocks_lose_nothing() {
    const SENDERS: usize = 2;
    const RECEIVERS: usize = 2;
    // A few blocks per sender per round; bounded work per round.
    const PER_SENDER: usize = 160;
    let rounds = if cfg!(miri) { 2 } else { 300 };
    for round in 0..rounds {
        let drops = Arc::new(AtomicUsize::new(0));
        let (s, r) = fearless_channels::unbounded::<Counted>();
        let (accepted, returned, received) = thread::scope(|scope| {
            let senders: Vec<_> = (0..SENDERS)
                .map(|_| {
                    let (s, drops) = (s.clone(), drops.clone());
                    scope.spawn(move || {
                        let (mut accepted, mut returned) = (0, 0);
                        for _ in 0..PER_SENDER {
                            match s.send(Counted(drops.clone())) {
                                Ok(()) => accepted += 1,
                                Err(back) => {
                                    returned += 1;
                                    drop(back.into_inner());
                                    // The disconnect must stick.
                                    let again = s.send(Counted(drops.clone()));
                                    assert!(again.is_err(), "a send succeeded after a failed one");
                                    returned += 1;
                                    break;
                                }
                            }
                        }
                        (accepted, returned)
                    })
                })
                .collect();
            let receivers: Vec<_> = (0..RECEIVERS)
                .map(|i| {
                    let r = r.clone();
                    // Each receiver leaves after a different number of
                    // messages, so the last drop lands anywhere in a block.
                    let quota = (round * 7 + i * 13) % (PER_SENDER / 2);
                    scope.spawn(move || {
                        let mut got = 0;
                        while got < quota && r.recv().is_ok() {
                            got += 1;
                        }
                        got
                    })
                })
                .collect();
            drop((s, r));
            let (accepted, returned) = join_all(senders)
                .into_iter()
                .fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
            let received: usize = join_all(receivers).into_iter().sum();
            (accepted, returned, received)
        });
        // All handles are gone: every message made has been dropped once.
        let made = accepted + returned;
        assert!(
            received <= accepted,
            "round {round}: received more than sent"
        );
        assert_eq!(
            drops.load(Ordering::SeqCst),
            made,
            "round {round}: {made} messages made, {received} received, {returned} returned"
        );
    }
}

/// The narrow form of the race above, aimed at its window: a sender whose
/// next send takes the last slot of a block (and so installs the next one)
/// is released at the same moment as the last receiver's drop, with a delay
/// that moves across rounds. The disconnect must stick and every message
/// must be dropped exactly once.
#[test]
fn last_receiver_drop_aimed_at_a_block_install_keeps_the_disconnect() {
    use std::sync::atomic::AtomicBool;
    // Blocks hold 31 messages: after 30 sends the next one installs a block.
    const BEFORE_INSTALL: usize = 30;
    let rounds = if cfg!(miri) { 2 } else { 2_000 };
    for round in 0..rounds {
        let drops = Arc::new(AtomicUsize::new(0));
        let (s, r) = fearless_channels::unbounded::<Counted>();
        for _ in 0..BEFORE_INSTALL {
            s.send(Counted(drops.clone())).unwrap();
        }
        let (ready, go) = (AtomicBool::new(false), AtomicBool::new(false));
        // Which side waits a little after the start, and how long: the
        // drop sweeps from before the install to after it across rounds.
        let shift = round % 400;
        let (sender_delay, receiver_delay) = if shift < 200 {
            (0, shift)
        } else {
            (shift - 200, 0)
        };
        let made = thread::scope(|scope| {
            let sender = scope.spawn(|| {
                ready.store(true, Ordering::Release);
                // Yields, not spins: on a loaded machine a spinning waiter
                // would burn the time slice its peer needs.
                while !go.load(Ordering::Acquire) {
                    thread::yield_now();
                }
                for _ in 0..sender_delay {
                    std::hint::spin_loop();
                }
                let mut made = 0;
                let mut failed = false;
                // The first send installs the next block; the others show
                // whether a disconnect seen once stays seen.
                for _ in 0..4 {
                    made += 1;
                    match s.send(Counted(drops.clone())) {
                        Ok(()) => assert!(
                            !failed,
                            "round {round}: a send succeeded after a failed one"
                        ),
                        Err(_) => failed = true,
                    }
                }
                made
            });
            while !ready.load(Ordering::Acquire) {
                thread::yield_now();
            }
            go.store(true, Ordering::Release);
            for _ in 0..receiver_delay {
                std::hint::spin_loop();
            }
            drop(r);
            sender.join().unwrap()
        });
        assert_eq!(
            drops.load(Ordering::SeqCst),
            BEFORE_INSTALL + made,
            "round {round}: a message was never dropped (sent into a channel nobody reads)"
        );
    }
}

/// The bounded flavor's hand-off paths (a sender writing into a waiting
/// receiver's slot, a receiver refilling the buffer from a waiting sender's
/// slot) mixed with what races them: timeouts on both sides and selects
/// (which list no slot, so peers only wake them). Small capacities keep
/// both sides blocking often; each thread cycles through plain, timed and
/// select operations. Exactly-once delivery and per-producer order.
#[test]
// Timeout loops: too slow interpreted; the models cover these races there.
#[cfg_attr(miri, ignore)]
fn handoff_mixed_with_timeouts_and_select_exactly_once() {
    let tiny = Duration::from_micros(20);
    let mixed_send = |s: &Sender<Tagged>, msg: Tagged| match msg.1 % 3 {
        0 => s.send(msg).unwrap(),
        1 => {
            let mut msg = msg;
            while let Err(e) = s.send_timeout(msg, tiny) {
                assert!(e.is_timeout());
                msg = e.into_inner();
            }
        }
        _ => select! {
            send(s, msg) -> res => res.unwrap(),
        },
    };
    let mixed_drain = |r: &Receiver<Tagged>| {
        let idle = fearless_channels::never::<Tagged>();
        let mut got = Vec::new();
        for i in 0.. {
            let m = match i % 3 {
                0 => r.recv().ok(),
                1 => match r.recv_timeout(tiny) {
                    Ok(m) => Some(m),
                    Err(e) if e.is_disconnected() => None,
                    Err(_) => continue,
                },
                _ => select! {
                    recv(r) -> m => m.ok(),
                    recv(idle) -> _ => unreachable!("never is never ready"),
                },
            };
            match m {
                Some(m) => got.push(m),
                None => return got,
            }
        }
        got
    };
    for cap in [1, 2] {
        for round in 0..2 {
            let name = format!("bounded({cap}) round {round}");
            exchange(
                &name,
                bounded(cap),
                PER_PRODUCER / 6,
                mixed_send,
                mixed_drain,
            );
        }
    }
}
