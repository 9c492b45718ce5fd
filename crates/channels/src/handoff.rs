//! Direct hand-off between a blocked call and its peer, for the buffered
//! flavors: `bounded(n)` (n >= 1) both ways, `unbounded()` to a waiting
//! receiver (its senders never wait).
//!
//! A plain `send` or `recv` that must wait lists itself with a [`Slot`] on
//! its own stack: empty for a receiver, holding the message for a sender.
//! A peer that finds such a waiter completes the waiter's operation through
//! the slot instead of going through the ring and waking the waiter to
//! retry:
//!
//! - *hand-off*: a sender that finds the buffer (the ring, or the list of
//!   an unbounded channel) empty and a receiver waiting writes the message
//!   into the receiver's slot (the buffer is not
//!   touched; only when it is empty, so the messages of one sender are
//!   still taken in the order sent);
//! - *refill*: a receiver that takes the oldest message of a full buffer
//!   while a sender waits moves that sender's message into the place it
//!   just freed, so the sender need not wake, retry and contend for it.
//!
//! Either way the peer first *claims* the waiter: the same compare-and-swap
//! of the waiter's `select` word (`Waiting` -> [`Selected::Handoff`]) that
//! a notifier, a disconnect and the waiter's own timeout race for. Exactly
//! one of them wins, so a slot is filled (or emptied) at most once, never
//! after its owner left, and never behind a timeout that already returned.
//! A `select` lists no slot: it may wait on several operations and must
//! complete only the one it chose, so a peer only ever wakes it (and since
//! a claim is that CAS, a select that another arm already selected cannot
//! be claimed anyway).
//!
//! After a successful claim the peer owns the slot's message cell until it
//! publishes the outcome with a Release store of `state` (the owner
//! acquires it in [`Slot::wait_outcome`]); after that store it never
//! touches the slot again. The owner, selected `Handoff`, does not return
//! before it has seen the outcome, so the slot outlives every access.
//!
//! The peer wakes the owner (`unpark`, through its own clone of the
//! owner's context) *before* publishing the outcome: once the outcome is
//! out, the owner may return and block elsewhere, and a late `unpark`
//! would then only leave a stray token (harmless to std's parking, which
//! every park loop tolerates, but under loom it wakes a thread blocked in
//! `join` and the model fails). A woken owner that sees no outcome yet
//! waits a moment in `wait_outcome`.
//!
//! Models: `tests/models.rs` (`refill_racing_senders_timeout_*`,
//! `handoff_then_disconnect_*`, `blocked_senders_slot_message_*`,
//! `handoff_never_reaches_a_select_*`, and `unbounded_handoff_*` for the
//! unbounded flavor).

use crate::backoff::Backoff;
use crate::context::Context;
use fearless_core::sync::atomic::{AtomicU8, Ordering};
use fearless_core::sync::cell::UnsafeCell;
use std::mem::MaybeUninit;

/// The peer has not published an outcome yet.
const PENDING: u8 = 0;
/// The peer moved the message (into a receiver's slot, or out of a
/// sender's).
const DONE: u8 = 1;
/// The peer claimed a sender but could not place its message: the sender
/// takes it back and retries.
const RETURNED: u8 = 2;

/// What the peer that claimed a slot did with it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The message moved: a receiver's slot now holds one, a sender's
    /// message is in the buffer.
    Done,
    /// A sender's message is still in its slot, to be sent again.
    Returned,
}

/// One waiter's hand-off slot, on its owner's stack.
pub(crate) struct Slot<T> {
    state: AtomicU8,
    msg: UnsafeCell<MaybeUninit<T>>,
}

impl<T> Slot<T> {
    /// A receiver's slot, waiting for a message.
    pub(crate) fn empty() -> Slot<T> {
        Slot {
            state: AtomicU8::new(PENDING),
            msg: UnsafeCell::new(MaybeUninit::uninit()),
        }
    }

    /// A sender's slot, holding the message it waits to send.
    pub(crate) fn holding(msg: T) -> Slot<T> {
        Slot {
            state: AtomicU8::new(PENDING),
            msg: UnsafeCell::new(MaybeUninit::new(msg)),
        }
    }

    /// The address peers find in the waiter's entry.
    pub(crate) fn as_ptr(&self) -> *mut () {
        self as *const Slot<T> as *mut ()
    }

    /// Waits for the outcome published by the peer that claimed the slot.
    /// The peer is running (it just won the claim) and never blocks before
    /// publishing, so the wait is short.
    pub(crate) fn wait_outcome(&self) -> Outcome {
        let backoff = Backoff::new();
        loop {
            // Acquire: pairs with the peer's Release store in `complete`,
            // so what it did to the message cell is visible.
            match self.state.load(Ordering::Acquire) {
                PENDING => backoff.snooze(),
                DONE => return Outcome::Done,
                _ => return Outcome::Returned,
            }
        }
    }

    /// Takes the message out, as the slot's owner.
    ///
    /// # Safety
    /// The slot holds a message (a sender's slot that no peer emptied, or a
    /// receiver's slot after [`Outcome::Done`]) and no peer can claim the
    /// slot any more (its entry is off the waiter list, or the outcome has
    /// been seen). Called at most once per message.
    pub(crate) unsafe fn take(&self) -> T {
        // SAFETY: the caller guarantees a message is there and that nobody
        // else accesses the cell now.
        self.msg.with(|p| unsafe { (*p).assume_init_read() })
    }

    /// Wakes the owner, then publishes the outcome in the slot's `state`;
    /// the caller must not touch the slot after.
    ///
    /// Takes the `state` field, not `&Slot`: the owner may free the slot
    /// (return from its call) as soon as the store lands, and a `&Slot`
    /// argument would still be live then. Its non-atomic bytes (the
    /// padding) make Miri's Stacked Borrows protect such a reference until
    /// the function returns, so freeing the slot under it is reported as
    /// undefined behaviour; a reference to the atomic alone is not
    /// protected that way.
    fn complete(state: &AtomicU8, outcome: u8, owner: &Context) {
        owner.unpark();
        // Release: publishes the caller's access to the message cell to the
        // owner's Acquire load in `wait_outcome`.
        state.store(outcome, Ordering::Release);
    }

    /// Fills a receiver's slot with `msg`, wakes its `owner` and completes
    /// the slot.
    ///
    /// # Safety
    /// `slot` is the slot of a waiting receiver whose call the caller has
    /// just claimed (see the module docs); it is used once.
    pub(crate) unsafe fn fill(slot: *mut (), msg: T, owner: &Context) {
        let slot = slot as *const Slot<T>;
        // SAFETY: the owner is waiting for our outcome, so the slot is alive
        // and its message cell is ours until `complete`; the cell is empty
        // (a receiver's slot).
        unsafe { (*slot).msg.with_mut(|p| (*p).write(msg)) };
        // SAFETY: as above, alive until the store in `complete`.
        Slot::<T>::complete(unsafe { &(*slot).state }, DONE, owner);
    }

    /// Takes the message out of a claimed sender's slot; the caller then
    /// completes the slot with [`Slot::done`] once the message is placed.
    ///
    /// # Safety
    /// `slot` is the slot of a waiting sender whose call the caller has just
    /// claimed, not completed yet; the message is taken once.
    pub(crate) unsafe fn take_claimed(slot: *mut ()) -> T {
        let slot = slot as *const Slot<T>;
        // SAFETY: as in `fill`: claimed, so the slot is alive and its cell
        // ours until we complete it; a sender's slot holds its message, read
        // once, and the owner will not read it again after `DONE`.
        unsafe { (*slot).msg.with(|p| (*p).assume_init_read()) }
    }

    /// Wakes a claimed sender whose message was taken and placed, and
    /// completes its slot.
    ///
    /// # Safety
    /// As for [`Slot::take_claimed`], after it; used once.
    pub(crate) unsafe fn done(slot: *mut (), owner: &Context) {
        let slot = slot as *const Slot<T>;
        // SAFETY: claimed and not yet completed, so the slot is alive.
        Slot::<T>::complete(unsafe { &(*slot).state }, DONE, owner);
    }

    /// Wakes a claimed sender and completes its slot without taking its
    /// message.
    ///
    /// # Safety
    /// `slot` is the slot of a waiting sender whose call the caller has just
    /// claimed, not completed yet; used once.
    pub(crate) unsafe fn give_back(slot: *mut (), owner: &Context) {
        let slot = slot as *const Slot<T>;
        // SAFETY: claimed and not yet completed, so the slot is alive; only
        // the state is touched.
        Slot::<T>::complete(unsafe { &(*slot).state }, RETURNED, owner);
    }
}
