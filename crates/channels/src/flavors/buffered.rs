//! What the two buffered flavors (`array`, `list`) share: one side of such
//! a channel as a blocking call sees it, the blocking loop, the select
//! handle built on the same three questions, and the hand-off to a waiting
//! receiver (`hand_off`, `recv_with_slot`; see `handoff.rs`).
//!
//! The loop is the one described in `src/README.md`: try to reserve, back
//! off a little, then register in the side's waiter list, re-check (the
//! waiter's half of the store-buffering handshake in `waker.rs`), and park
//! until a peer, a disconnect or the deadline selects the call; then try
//! again.
//!
//! Models: every blocking model of `tests/models.rs` on `bounded(n)` and
//! `unbounded()` runs this loop.

use crate::brief_wait::BriefWait;
use crate::context::{Context, Operation, Selected};
use crate::deadline::Deadline;
use crate::err::RecvTimeoutError;
use crate::handoff::{Outcome, Slot};
use crate::select::{SelectHandle, Token};
use crate::waker::SyncWaker;
use std::time::Instant;

/// One side (sending or receiving) of a buffered channel.
pub(crate) trait Side {
    /// Reserves the operation if it can proceed now; a disconnected
    /// channel "can proceed" (the token then says so).
    fn start(&self, token: &mut Token) -> bool;
    /// Whether the operation could proceed now. Called after registering,
    /// so it must read the channel's state with `SeqCst` loads.
    fn ready(&self) -> bool;
    /// The waiter list of this side.
    fn waker(&self) -> &SyncWaker;
}

/// What the receiving side of a buffered channel answers; both flavors
/// share [`RecvSide`] through it.
pub(crate) trait Buffer {
    /// Reserves a receive if a message (or the disconnect) is there.
    fn start_recv(&self, token: &mut Token) -> bool;
    /// Whether a receiver would find a message now, read with `SeqCst`
    /// loads (called after a waiter's fence).
    fn has_message(&self) -> bool;
    /// Whether nothing is buffered (a message being refilled counts), read
    /// with `SeqCst` loads.
    fn is_empty(&self) -> bool;
    /// Whether the channel is disconnected, read with a `SeqCst` load.
    fn is_disconnected(&self) -> bool;
    /// The waiter list of the receivers.
    fn receivers(&self) -> &SyncWaker;
}

/// The receiving side of a buffered channel, as a blocking `recv` and
/// select see it.
pub(crate) struct RecvSide<'a, C>(pub(crate) &'a C);

impl<C: Buffer> Side for RecvSide<'_, C> {
    fn start(&self, token: &mut Token) -> bool {
        self.0.start_recv(token)
    }

    fn ready(&self) -> bool {
        self.0.has_message() || self.0.is_disconnected()
    }

    fn waker(&self) -> &SyncWaker {
        self.0.receivers()
    }
}

/// Hands `msg` straight to a receiver waiting on `chan`, if one waits and
/// the buffer is empty (see `handoff.rs`); otherwise gives it back.
///
/// Only into an empty buffer: a message of the same sender still buffered
/// must be taken first. (If the sender's messages are all taken, `head`
/// has passed them, which the `SeqCst` loads of `is_empty` see, since the
/// `tail` CAS that placed them was the sender's own.)
#[inline]
pub(crate) fn hand_off<C: Buffer, T>(chan: &C, msg: T) -> Result<(), T> {
    let receivers = chan.receivers();
    if !receivers.may_have_waiters() || !chan.is_empty() {
        return Err(msg);
    }
    match receivers.claim_slot() {
        Some(entry) => {
            // SAFETY: `claim_slot` won the waiter's CAS, so its slot (a
            // receiver's, empty) is ours to fill once.
            unsafe { Slot::fill(entry.packet.0, msg, &entry.cx) };
            Ok(())
        }
        None => Err(msg),
    }
}

/// A `recv` that found `chan` empty: waits with a hand-off slot, which a
/// sender that finds it waiting (and the buffer empty) fills. `read`
/// completes a receive reserved in the token by `start_recv`. Out of line,
/// so a `recv` that proceeds at once stays small.
#[inline(never)]
pub(crate) fn recv_with_slot<C: Buffer, T>(
    chan: &C,
    deadline: Option<Instant>,
    read: impl FnOnce(&mut Token) -> Result<T, ()>,
) -> Result<T, RecvTimeoutError> {
    let mut token = Token::default();
    let mut deadline = Deadline::new(deadline);
    let slot = Slot::<T>::empty();
    match reserve(&RecvSide(chan), &mut token, &mut deadline, slot.as_ptr()) {
        Reserved::Token => read(&mut token).map_err(|()| RecvTimeoutError::Disconnected),
        Reserved::HandedOff => {
            // A receiver's slot is only ever filled.
            let filled = slot.wait_outcome();
            debug_assert_eq!(filled, Outcome::Done);
            // SAFETY: the sender filled the slot and is done with it.
            Ok(unsafe { slot.take() })
        }
        Reserved::TimedOut => Err(RecvTimeoutError::Timeout),
    }
}

/// How [`reserve`] ended.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Reserved {
    /// The operation is reserved in the token.
    Token,
    /// A peer claimed the call's hand-off slot: the operation is completed
    /// (or its message returned) through the slot; see `handoff.rs`.
    HandedOff,
    /// The deadline passed first.
    TimedOut,
}

/// Reserves an operation on `side`, blocking until it can proceed.
///
/// A blocked call lists itself with `slot` (a hand-off slot of
/// `handoff.rs`, or null for none), so a peer may complete it through the
/// slot instead: then the result is [`Reserved::HandedOff`] and the entry
/// is already off the list. Otherwise, when this returns, no peer can
/// reach `slot` any more.
///
/// Out of line: callers try `start` once themselves first, so the path of
/// an operation that proceeds at once stays small.
#[inline(never)]
pub(crate) fn reserve<S: Side>(
    side: &S,
    token: &mut Token,
    deadline: &mut Deadline,
    slot: *mut (),
) -> Reserved {
    loop {
        if side.start(token) {
            return Reserved::Token;
        }
        // The clock starts at the first miss: an operation that can proceed
        // at once does not read it.
        let mut brief = BriefWait::new();
        // With a hand-off slot, only spin before listing: the yields come
        // after, so a peer can find us (and hand off) while we are still
        // awake. Without one, listing early only makes every peer take the
        // waker's lock to wake us: retry through the whole brief wait first.
        if slot.is_null() {
            while brief.step() {
                if side.start(token) {
                    return Reserved::Token;
                }
            }
        } else {
            while brief.spin() {
                if side.start(token) {
                    return Reserved::Token;
                }
            }
        }
        if deadline.has_passed() {
            return Reserved::TimedOut;
        }
        let cx = Context::cached();
        let oper = Operation::new(0);
        if slot.is_null() {
            side.waker().register(oper, &cx);
        } else {
            side.waker().register_with_slot(oper, slot, &cx);
        }
        // Re-check after registering (see `waker.rs`).
        if side.ready() {
            let _ = cx.try_select(Selected::Aborted);
        }
        match cx.wait_until_with(deadline, brief) {
            // The peer that claimed us took our entry off the list.
            Selected::Handoff => return Reserved::HandedOff,
            // The peer that selected us took our entry off the list.
            Selected::Operation(_) => {}
            _ => side.waker().unregister(oper, &cx),
        }
    }
}

impl<S: Side> SelectHandle for S {
    fn try_select(&self, token: &mut Token) -> bool {
        self.start(token)
    }

    fn register(&self, oper: Operation, cx: &Context) -> bool {
        self.waker().register(oper, cx);
        self.ready()
    }

    fn unregister(&self, oper: Operation, cx: &Context) {
        self.waker().unregister(oper, cx);
    }

    fn accept(&self, token: &mut Token, _cx: &Context) -> bool {
        // Woken because the operation became possible; another thread may
        // have taken it meanwhile, in which case select loops.
        self.start(token)
    }

    fn is_ready(&self) -> bool {
        self.ready()
    }

    fn watch(&self, oper: Operation, cx: &Context) -> bool {
        self.waker().watch(oper, cx);
        self.ready()
    }

    fn unwatch(&self, oper: Operation, cx: &Context) {
        self.waker().unwatch(oper, cx);
    }
}
