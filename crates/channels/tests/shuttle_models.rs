//! Models with more threads and messages than loom can search: shuttle
//! models under `cargo xtask shuttle -p fearless-channels`, plain tests on
//! real threads otherwise. Each drives a boundary path many times over:
//! the array flavor's wrap-around from lap to lap, the list flavor's block
//! installs and frees, and the last receiver leaving while senders install
//! blocks (the lost-disconnect race). Under the checkers a list block holds
//! three messages (`LAP` is 4), so a few messages cross several blocks.
#![cfg(any(shuttle, not(loom)))]

use fearless_channels::{SendError, bounded, unbounded};
use fearless_core::model;
use fearless_core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use fearless_core::sync::{Arc, thread};

/// A message that counts its drops.
struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        // Relaxed: read only after the threads are joined.
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// Checks that `seen` (what one receiver got, in order) holds each
/// sender's messages in the order that sender sent them: sender `p`'s
/// `i`-th message is `p * 100 + i`.
fn in_order_per_sender(seen: &[usize]) -> bool {
    (0..10).all(|p| {
        let mine: Vec<usize> = seen.iter().copied().filter(|m| m / 100 == p).collect();
        mine.windows(2).all(|w| w[0] < w[1])
    })
}

/// Two senders and two receivers on `bounded(2)`, four messages each: the
/// ring wraps around four times, so slots are taken "full from the
/// previous lap" and "free for this lap" over and over while the other
/// side races for them. Every message arrives exactly once, and each
/// receiver sees each sender's messages in order.
#[test]
fn bounded_ring_wrapping_many_laps_delivers_each_once_in_order() {
    model(|| {
        const SENDERS: usize = 2;
        const EACH: usize = 4;
        let (s, r) = bounded(2);
        let senders: Vec<_> = (0..SENDERS)
            .map(|p| {
                let s = s.clone();
                thread::spawn(move || {
                    for i in 0..EACH {
                        s.send(p * 100 + i).unwrap();
                    }
                })
            })
            .collect();
        drop(s);
        let receivers: Vec<_> = (0..2)
            .map(|_| {
                let r = r.clone();
                thread::spawn(move || r.iter().collect::<Vec<usize>>())
            })
            .collect();
        drop(r);
        for t in senders {
            t.join().unwrap();
        }
        let mut all = Vec::new();
        for t in receivers {
            let seen = t.join().unwrap();
            assert!(in_order_per_sender(&seen), "out of order: {seen:?}");
            all.extend(seen);
        }
        all.sort_unstable();
        let want: Vec<usize> = (0..SENDERS)
            .flat_map(|p| (0..EACH).map(move |i| p * 100 + i))
            .collect();
        assert_eq!(all, want, "every message exactly once");
    });
}

/// `try_send` on a `bounded(1)` ring that wraps: a slot still holding last
/// lap's message is full (never overwritten), a slot emptied for this lap
/// is free; each accepted message is received once, in order.
#[test]
fn try_send_on_a_wrapping_ring_never_overwrites_last_laps_message() {
    model(|| {
        let (s, r) = bounded(1);
        let t = thread::spawn(move || {
            let mut accepted = Vec::new();
            for m in 0..4 {
                if s.try_send(m).is_ok() {
                    accepted.push(m);
                }
            }
            accepted
        });
        let mut got = Vec::new();
        for _ in 0..2 {
            if let Ok(m) = r.recv() {
                got.push(m);
            }
        }
        let accepted = t.join().unwrap();
        got.extend(r.try_iter());
        assert_eq!(got, accepted, "received = accepted, in order");
        assert!(!accepted.is_empty());
    });
}

/// One sender crossing three blocks while two receivers take turns: the
/// receivers of one block's slots finish them in any order, and whichever
/// finishes last frees the block (the reader of the last slot starts the
/// destruction, a reader still busy on an earlier slot takes it over).
/// Every message arrives once and, once all are read, only the current
/// block is left.
#[test]
fn two_receivers_sharing_blocks_free_each_once_and_lose_nothing() {
    model(|| {
        const MESSAGES: usize = 7;
        let (s, r) = unbounded();
        let sender = thread::spawn(move || {
            for m in 0..MESSAGES {
                s.send(m).unwrap();
            }
        });
        let receivers: Vec<_> = (0..2)
            .map(|_| {
                let r = r.clone();
                thread::spawn(move || r.iter().collect::<Vec<usize>>())
            })
            .collect();
        sender.join().unwrap();
        let mut all = Vec::new();
        for t in receivers {
            let seen = t.join().unwrap();
            assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
            all.extend(seen);
        }
        all.sort_unstable();
        assert_eq!(all, (0..MESSAGES).collect::<Vec<_>>());
        assert_eq!(r.__live_blocks(), Some(1), "every read block was freed");
    });
}

/// The lost disconnect at application scale: three senders keep sending
/// (installing blocks as they cross them) while the only receiver takes a
/// message and leaves. Once the receiver's drop has returned, no send may
/// succeed: a sender that reads `gone` before sending must get its
/// message back. Every message is dropped exactly once: by the receiver,
/// by the drop's discard, or by the sender it was returned to.
///
/// On the old code (the installer moved the tail past the switching
/// position with a plain store, erasing a disconnect mark set since its
/// CAS), a send after the drop succeeded into a channel nobody reads.
#[test]
fn senders_installing_blocks_racing_last_receiver_drop_keep_the_disconnect() {
    model(|| {
        const SENDERS: usize = 3;
        const EACH: usize = 3;
        let drops = Arc::new(AtomicUsize::new(0));
        let gone = Arc::new(AtomicBool::new(false));
        let (s, r) = unbounded();
        let senders: Vec<_> = (0..SENDERS)
            .map(|_| {
                let (s, drops, gone) = (s.clone(), Arc::clone(&drops), Arc::clone(&gone));
                thread::spawn(move || {
                    for _ in 0..EACH {
                        // SeqCst: pairs with the receiver's store, made
                        // after its drop returned.
                        let after_drop = gone.load(Ordering::SeqCst);
                        match s.send(Counted(Arc::clone(&drops))) {
                            Ok(()) => assert!(!after_drop, "a send after the drop succeeded"),
                            Err(SendError(m)) => drop(m),
                        }
                    }
                })
            })
            .collect();
        drop(s);
        let receiver = {
            let gone = Arc::clone(&gone);
            thread::spawn(move || {
                let _ = r.recv();
                drop(r);
                // SeqCst: see the senders' load.
                gone.store(true, Ordering::SeqCst);
            })
        };
        receiver.join().unwrap();
        for t in senders {
            t.join().unwrap();
        }
        // Relaxed: the joins order every drop before this read.
        assert_eq!(drops.load(Ordering::Relaxed), SENDERS * EACH);
    });
}
