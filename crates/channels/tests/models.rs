//! Loom models of the channel (`cargo xtask loom -p fearless-channels`);
//! ordinary tests on real threads otherwise. Each proves one property,
//! named after it; docs/verification.md lists them.

use fearless_channels::{
    Receiver, RecvError, RecvTimeoutError, SendError, SendTimeoutError, Sender, at, bounded, never,
    select, unbounded,
};
use fearless_core::sync::atomic::{AtomicUsize, Ordering};
use fearless_core::sync::{Arc, thread};
use fearless_core::{model, model_with_preemptions};
use std::time::Duration;
use std::time::Instant;

/// A message that counts its drops.
struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        // Relaxed: read only after the threads are joined.
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// A timeout that, under loom, expires after the first timed park.
const TIMEOUT: Duration = Duration::from_millis(1);

#[test]
fn bounded_one_hands_off_in_order() {
    model(|| {
        let (s, r) = bounded(1);
        let t = thread::spawn(move || {
            s.send(1).unwrap();
            // Blocks until the first message is taken.
            s.send(2).unwrap();
        });
        assert_eq!(r.recv(), Ok(1));
        assert_eq!(r.recv(), Ok(2));
        t.join().unwrap();
    });
}

/// Two receivers parked on a capacity-one channel and a sender of two
/// messages: each message wakes a receiver, none is left parked (the pool's
/// shutdown shape: one stop message per parked worker).
///
/// This model once ran past loom's branch budget: both receivers spun
/// (yielding) on a slot whose sender loom had preempted between reserving
/// it and writing it, and after each yield loom may pick the other spinner
/// at no preemption cost, so the sender never ran again. Now a receiver
/// reserves such a position and waits for its one writer alone.
#[test]
fn two_blocked_receivers_each_get_one_of_two_messages() {
    model(|| {
        let (s, r) = bounded(1);
        let r2 = r.clone();
        let a = thread::spawn(move || r.recv().unwrap());
        let b = thread::spawn(move || r2.recv().unwrap());
        s.send(1).unwrap();
        s.send(2).unwrap();
        let (x, y) = (a.join().unwrap(), b.join().unwrap());
        assert_eq!(x + y, 3);
        assert_ne!(x, y);
    });
}

#[test]
fn rendezvous_hands_off_to_one_receiver() {
    model(|| {
        let (s, r) = bounded(0);
        let t = thread::spawn(move || s.send(7).unwrap());
        assert_eq!(r.recv(), Ok(7));
        t.join().unwrap();
        // Nothing was buffered: the sender is gone and nothing remains.
        assert_eq!(
            r.try_recv(),
            Err(fearless_channels::TryRecvError::Disconnected)
        );
    });
}

/// A receiver blocked on an empty `bounded(cap)` channel is woken with
/// `RecvError` when the last sender goes.
fn disconnect_wakes_receiver_blocked_on(cap: usize) {
    model(move || {
        let (s, r) = bounded::<i32>(cap);
        let t = thread::spawn(move || r.recv());
        drop(s);
        assert_eq!(t.join().unwrap(), Err(RecvError));
    });
}

#[test]
fn disconnect_wakes_blocked_receiver() {
    disconnect_wakes_receiver_blocked_on(1);
}

#[test]
fn disconnect_wakes_blocked_rendezvous_receiver() {
    disconnect_wakes_receiver_blocked_on(0);
}

#[test]
fn disconnect_returns_message_to_blocked_sender() {
    model(|| {
        let (s, r) = bounded(1);
        s.send(1).unwrap();
        let t = thread::spawn(move || s.send(2));
        drop(r);
        assert_eq!(t.join().unwrap(), Err(SendError(2)));
    });
}

#[test]
fn buffered_messages_dropped_exactly_once() {
    model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let (s, r) = bounded(2);
        let t = {
            let drops = Arc::clone(&drops);
            thread::spawn(move || {
                for _ in 0..2 {
                    // Fails only if the receiver left first; the message
                    // comes back and drops here.
                    let _ = s.send(Counted(Arc::clone(&drops)));
                }
            })
        };
        let _ = r.try_recv();
        drop(r);
        t.join().unwrap();
        // Relaxed: the join orders every drop before this read.
        assert_eq!(drops.load(Ordering::Relaxed), 2);
    });
}

#[test]
fn rendezvous_timeout_racing_with_receive_returns_or_delivers() {
    model(|| {
        let (s, r) = bounded(0);
        let t = thread::spawn(move || s.send_timeout(9, TIMEOUT));
        let got = r.recv_timeout(TIMEOUT);
        let sent = t.join().unwrap();
        match (sent, got) {
            (Ok(()), Ok(9)) => {}
            // The receiver timed out, or saw the sender leave after its
            // own timeout: either way the message went back to the sender.
            (Err(SendTimeoutError::Timeout(9)), Err(_)) => {}
            (sent, got) => panic!("lost or duplicated: {sent:?} / {got:?}"),
        }
    });
}

#[test]
fn unbounded_crosses_block_boundaries_and_frees_blocks() {
    model(|| {
        // Under loom a block holds one message, so every send installs a
        // block and every receive frees one.
        let (s, r) = unbounded();
        let t = thread::spawn(move || {
            s.send(1).unwrap();
            s.send(2).unwrap();
        });
        assert_eq!(r.recv(), Ok(1));
        assert_eq!(r.recv(), Ok(2));
        t.join().unwrap();
        assert!(r.__live_blocks().unwrap() <= 2);
        assert_eq!(r.recv(), Err(RecvError));
    });
}

/// A select over two empty `bounded(cap)` receivers, one of which gets a
/// message from another thread, completes that receive exactly once.
fn select_over_two_receivers_takes_the_one_sent_on(cap: usize) {
    model(move || {
        let (_s1, r1) = bounded::<i32>(cap);
        let (s2, r2) = bounded::<i32>(cap);
        let t = thread::spawn(move || s2.send(2).unwrap());
        let got = select! {
            recv(r1) -> m => m,
            recv(r2) -> m => m,
        };
        assert_eq!(got, Ok(2));
        t.join().unwrap();
    });
}

#[test]
fn select_over_two_receivers_takes_the_one_sent() {
    select_over_two_receivers_takes_the_one_sent_on(1);
}

#[test]
fn select_over_two_rendezvous_receivers_pairs_once() {
    select_over_two_receivers_takes_the_one_sent_on(0);
}

/// A send that installs a new block races the last receiver's drop: the
/// disconnect mark survives the block switch, so the next send fails and
/// hands its message back, and every message is dropped exactly once.
///
/// Under loom a block holds one message, so the first send takes the last
/// slot of its block and installs the next one while the receiver goes.
/// With a plain store of the new tail index, the installer overwrote a mark
/// set between its CAS and its store; the later send then succeeded into a
/// channel nobody reads.
#[test]
fn send_installing_a_block_racing_last_receiver_drop_keeps_the_disconnect() {
    model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let (s, r) = unbounded();
        let t = {
            let drops = Arc::clone(&drops);
            thread::spawn(move || {
                // Succeeds or fails depending on the race; either way the
                // message is dropped once (by the receiver's drop, or here).
                let _ = s.send(Counted(Arc::clone(&drops)));
                s
            })
        };
        drop(r);
        let s = t.join().unwrap();
        let returned = s.send(Counted(Arc::clone(&drops)));
        assert!(
            returned.is_err(),
            "a send after the last receiver left succeeded"
        );
        drop(returned);
        drop(s);
        // Relaxed: the join orders every drop before this read.
        assert_eq!(drops.load(Ordering::Relaxed), 2);
    });
}

/// A send racing the last receiver's drop on an unbounded channel, across
/// block boundaries: a slot reserved but not yet written when the receiver
/// leaves is left to its writer (the drop never waits for it), which takes
/// its message back and finishes the slot, freeing the block if it is the
/// last to do so. Every message is received, returned or discarded, and
/// dropped exactly once; no block is leaked (loom checks its allocations).
#[test]
fn send_racing_last_receiver_drop_returns_or_discards_each_message_once() {
    model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let (s, r) = unbounded();
        let t = {
            let drops = Arc::clone(&drops);
            thread::spawn(move || {
                let mut returned = 0;
                for _ in 0..2 {
                    if let Err(SendError(m)) = s.send(Counted(Arc::clone(&drops))) {
                        drop(m);
                        returned += 1;
                    }
                }
                returned
            })
        };
        let received = usize::from(r.try_recv().is_ok());
        drop(r);
        let returned = t.join().unwrap();
        assert!(received + returned <= 2);
        // Relaxed: the join orders every drop before this read.
        assert_eq!(drops.load(Ordering::Relaxed), 2);
    });
}

/// `select!` with `default`, written so that a single pass could miss
/// both messages: the second channel is looked at first, and while the
/// select looks, the other thread sends into it and then steals the first
/// channel's message. One of the two always holds a message, so `default`
/// must not run.
#[test]
fn select_default_is_not_taken_while_a_message_is_always_there() {
    model(|| {
        let (s1, r1) = unbounded::<i32>();
        let (s2, r2) = unbounded::<i32>();
        s1.send(1).unwrap();
        let thief = {
            let r1 = r1.clone();
            thread::spawn(move || {
                s2.send(2).unwrap();
                r1.try_recv().ok()
            })
        };
        let got = select! {
            recv(r2) -> m => m.ok(),
            recv(r1) -> m => m.ok(),
            default => None,
        };
        let stolen = thief.join().unwrap();
        assert!(got.is_some(), "default taken while a message was there");
        assert_ne!(got, stolen, "a message delivered twice");
    });
}

/// Two clones of a due `at` timer race for its one message: exactly one
/// gets it, the other times out (the timer flavors' only shared state is
/// this flag; their waits are on the clock, which loom does not have).
#[test]
fn due_timer_is_taken_by_exactly_one_of_two_receivers() {
    model(|| {
        let when = Instant::now();
        let r = at(when);
        let r2 = r.clone();
        let t = thread::spawn(move || r2.recv_timeout(TIMEOUT).is_ok());
        let mine = r.recv_timeout(TIMEOUT).is_ok();
        let theirs = t.join().unwrap();
        assert!(
            mine ^ theirs,
            "the one message went to {} receivers",
            u8::from(mine) + u8::from(theirs)
        );
    });
}

/// A select over `never()`, a due timer and a channel that another thread
/// sends on: it completes exactly one operation, never `never`'s, and a
/// message it did not take stays in the channel.
#[test]
fn select_with_timers_completes_one_operation_and_loses_nothing() {
    model(|| {
        let (s, r) = bounded::<i32>(1);
        let timer = at(Instant::now());
        let t = thread::spawn(move || s.send(7).unwrap());
        let took_message = select! {
            recv(never::<i32>()) -> _ => unreachable!("never was chosen"),
            recv(r) -> m => { assert_eq!(m, Ok(7)); true }
            recv(timer) -> t => { assert!(t.is_ok()); false }
        };
        t.join().unwrap();
        if !took_message {
            assert_eq!(r.try_recv(), Ok(7), "the message was lost");
        }
    });
}

/// A receiver that takes the oldest message of a full `bounded(1)` channel
/// while a sender waits with the next one moves that message into the
/// freed place (a refill); the waiting sender's timeout races it. Exactly
/// one wins: the message is in the channel and the send succeeded, or it
/// came back with the timeout and the channel is empty.
#[test]
fn refill_racing_senders_timeout_moves_or_returns_the_message_once() {
    model(|| {
        let (s, r) = bounded(1);
        s.send(1).unwrap();
        let t = thread::spawn(move || s.send_timeout(2, TIMEOUT));
        assert_eq!(r.recv(), Ok(1));
        match t.join().unwrap() {
            Ok(()) => assert_eq!(r.try_recv(), Ok(2), "lost"),
            Err(e) => {
                assert_eq!(e, SendTimeoutError::Timeout(2));
                assert!(r.try_recv().is_err(), "delivered and returned");
            }
        }
    });
}

/// One sender's messages arrive in the order sent, whether each went
/// through the list or straight into the waiting receiver's slot: a
/// hand-off happens only into an empty list. (The order breaks only if
/// the second send hands off between the receiver's listing and its
/// re-check that finds the first message: three preemptions.)
#[test]
fn unbounded_handoff_keeps_one_senders_order() {
    model_with_preemptions(Some(3), || {
        let (s, r) = unbounded();
        let t = thread::spawn(move || {
            s.send(1).unwrap();
            s.send(2).unwrap();
        });
        assert_eq!((r.recv(), r.recv()), (Ok(1), Ok(2)));
        t.join().unwrap();
    });
}

/// A fresh channel of one flavor.
type Make = fn() -> (Sender<i32>, Receiver<i32>);

fn bounded_one() -> (Sender<i32>, Receiver<i32>) {
    bounded(1)
}

/// A receiver waiting with a timeout on an empty channel races a send
/// (on `bounded(1)` and `unbounded()`, a hand-off into its slot): exactly
/// one wins the receiver's claim, so the message was received, or it is
/// still in the channel after the timeout; never both, never neither.
fn receive_timeout_racing_a_send_loses_nothing(make: Make) {
    model(move || {
        let (s, r) = make();
        let t = thread::spawn(move || s.send(5).unwrap());
        let first = r.recv_timeout(TIMEOUT);
        t.join().unwrap();
        match first {
            Ok(v) => {
                assert_eq!(v, 5);
                assert!(r.try_recv().is_err(), "delivered twice");
            }
            Err(e) => {
                assert_eq!(e, RecvTimeoutError::Timeout);
                assert_eq!(r.try_recv(), Ok(5), "lost");
            }
        }
    });
}

#[test]
fn receive_timeout_racing_with_send_loses_nothing() {
    receive_timeout_racing_a_send_loses_nothing(bounded_one);
}

#[test]
fn unbounded_handoff_racing_receivers_timeout_delivers_or_keeps_the_message() {
    receive_timeout_racing_a_send_loses_nothing(unbounded);
}

/// A sender that finds a receiver waiting on an empty channel hands the
/// message straight into its slot, then leaves: the receiver gets the
/// message, and its next receive reports the disconnect.
fn handoff_then_disconnect(make: Make) {
    model(move || {
        let (s, r) = make();
        let t = thread::spawn(move || (r.recv(), r.recv()));
        s.send(7).unwrap();
        drop(s);
        assert_eq!(t.join().unwrap(), (Ok(7), Err(RecvError)));
    });
}

#[test]
fn handoff_then_disconnect_delivers_then_reports_disconnect() {
    handoff_then_disconnect(bounded_one);
}

#[test]
fn unbounded_handoff_then_disconnect_delivers_then_reports_disconnect() {
    handoff_then_disconnect(unbounded);
}

/// A select waits on two empty channels; another thread sends on both.
/// Whichever arm the select takes, the other channel's message was not
/// handed to it (a select lists no hand-off slot, and a claim is the CAS
/// that the chosen arm already won): it is still in its channel.
fn handoff_never_reaches_a_select(make: Make) {
    model(move || {
        let (s1, r1) = make();
        let (s2, r2) = make();
        let t = thread::spawn(move || {
            s1.send(1).unwrap();
            s2.send(2).unwrap();
        });
        let (got, other) = select! {
            recv(r1) -> m => (m, &r2),
            recv(r2) -> m => (m, &r1),
        };
        t.join().unwrap();
        let left = other.try_recv();
        let mut both = [got.unwrap(), left.expect("the other message was lost")];
        both.sort_unstable();
        assert_eq!(both, [1, 2]);
    });
}

#[test]
fn handoff_never_reaches_a_select_that_chose_another_arm() {
    handoff_never_reaches_a_select(bounded_one);
}

#[test]
fn unbounded_handoff_never_reaches_a_select_that_chose_another_arm() {
    handoff_never_reaches_a_select(unbounded);
}

/// A sender blocked on a full `bounded(1)` channel waits with its message
/// in its hand-off slot; the only receiver takes one message (possibly
/// refilling from that slot) and leaves. Every message is dropped exactly
/// once: received, discarded with the channel, or returned to the sender.
#[test]
fn blocked_senders_slot_message_is_returned_once_on_disconnect() {
    model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let (s, r) = bounded(1);
        s.send(Counted(Arc::clone(&drops))).unwrap();
        let t = {
            let drops = Arc::clone(&drops);
            thread::spawn(move || s.send(Counted(drops)).is_ok())
        };
        drop(r.recv().unwrap());
        drop(r);
        t.join().unwrap();
        // Relaxed: the join orders every drop before this read.
        assert_eq!(drops.load(Ordering::Relaxed), 2);
    });
}

/// `bounded(2)` wraps around: the third message goes into slot 0 of the
/// next lap, which the sender may take only once the receiver has emptied
/// it (until then the slot's stamp says "full from the previous lap" and
/// the sender waits); the second message takes the in-lap step from slot 0
/// to slot 1. All three arrive once, in order.
#[test]
fn bounded_ring_wraps_to_the_next_lap_in_order() {
    model(|| {
        let (s, r) = bounded(2);
        let t = thread::spawn(move || {
            for m in 0..3 {
                s.send(m).unwrap();
            }
        });
        for m in 0..3 {
            assert_eq!(r.recv(), Ok(m));
        }
        t.join().unwrap();
    });
}
