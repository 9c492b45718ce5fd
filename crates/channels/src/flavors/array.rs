//! The bounded flavor (`bounded(cap)` with `cap >= 1`): a fixed ring of slots.
//!
//! Algorithm: Dmitry Vyukov's bounded MPMC queue
//! (<https://www.1024cores.net/home/lock-free-algorithms/queues/bounded-mpmc-queue>),
//! in the variant crossbeam-channel uses, where `head` and `tail` carry a
//! lap counter next to the index so a stamp tells apart "free for this lap"
//! from "full from the previous lap".
//!
//! Invariants, atomic by atomic:
//! - `tail` (`lap | index`, plus `mark_bit`): the next position to write.
//!   Only a sender that CASes it forward owns the slot it left; `mark_bit`
//!   set means disconnected, after which it never moves again.
//! - `head` (`lap | index`): the next position to read. Only a receiver that
//!   CASes it forward owns the slot it left. A receiver may do so as soon
//!   as `tail` is past the position, before the sender has written it; it
//!   then waits for the stamp alone (other receivers see an empty channel
//!   and may park instead of spinning on a preempted sender).
//! - `slot.stamp`: equals the position `tail` must have for the slot to be
//!   written (`tail == stamp`: free), or position + 1 once the message is in
//!   it (`head + 1 == stamp`: readable). A writer publishes the message with
//!   a Release store of the stamp and a reader acquires it; the reader hands
//!   the slot back for the next lap the same way.
//! - A blocked side waits in `senders`/`receivers` ([`SyncWaker`]); a side
//!   that makes progress notifies the other one.
//!
//! Models: `tests/models.rs` (`bounded_one_hands_off_in_order`,
//! `bounded_ring_wraps_to_the_next_lap_in_order`, `two_blocked_receivers_*`,
//! `disconnect_*`, `buffered_messages_dropped_exactly_once`,
//! `receive_timeout_*`, the hand-off models); `tests/shuttle_models.rs`
//! (`bounded_ring_*`, `try_send_on_a_wrapping_ring_*`).

pub(crate) use super::buffered::RecvSide;
use super::buffered::{self, Buffer, Reserved, Side};
use crate::backoff::Backoff;
use crate::deadline::Deadline;
use crate::err::{RecvTimeoutError, SendTimeoutError, TryRecvError, TrySendError};
use crate::handoff::{Outcome, Slot};
use crate::select::Token;
use crate::waker::SyncWaker;
use crossbeam_utils::CachePadded;
use fearless_core::sync::atomic::{AtomicUsize, Ordering, fence};
use fearless_core::sync::cell::UnsafeCell;
use std::mem::MaybeUninit;
use std::ptr;
use std::time::Instant;

/// One cell of the ring.
struct ArraySlot<T> {
    stamp: AtomicUsize,
    msg: UnsafeCell<MaybeUninit<T>>,
}

impl<T> ArraySlot<T> {
    /// Waits until the slot's writer publishes `stamp`. That writer is
    /// between its reservation and its stamp store, which never waits for
    /// anyone, so the wait is short.
    fn wait_for(&self, stamp: usize) {
        let backoff = Backoff::new();
        // Acquire: pairs with the writer's Release stamp store, so its
        // message is visible.
        while self.stamp.load(Ordering::Acquire) != stamp {
            backoff.snooze();
        }
    }
}

/// What a reserved position hands from `start_*` to `read`/`write`.
#[derive(Debug)]
pub(crate) struct ArrayToken {
    /// The reserved slot, or null if the channel is disconnected.
    slot: *const u8,
    /// The stamp to publish once the slot is written or read.
    stamp: usize,
    /// A receiver reserved the position while its sender was still
    /// writing it: `read` must wait for the stamp first.
    wait: bool,
}

impl Default for ArrayToken {
    fn default() -> Self {
        ArrayToken {
            slot: ptr::null(),
            stamp: 0,
            wait: false,
        }
    }
}

/// A bounded channel.
pub(crate) struct Channel<T> {
    head: CachePadded<AtomicUsize>,
    tail: CachePadded<AtomicUsize>,
    buffer: Box<[ArraySlot<T>]>,
    cap: usize,
    /// The lowest bit of the lap counter (twice `mark_bit`).
    one_lap: usize,
    /// A power of two greater than `cap`, just above the index bits: set in
    /// `tail` on disconnect.
    mark_bit: usize,
    senders: SyncWaker,
    receivers: SyncWaker,
}

// SAFETY: messages of type `T: Send` move between threads through slots
// whose ownership is handed over by the stamp protocol above; nothing is
// shared by reference.
unsafe impl<T: Send> Send for Channel<T> {}
// SAFETY: as above; every shared access goes through atomics or through a
// slot that the accessing thread owns.
unsafe impl<T: Send> Sync for Channel<T> {}

impl<T> Channel<T> {
    /// A channel of capacity `cap`, `cap >= 1`.
    pub(crate) fn with_capacity(cap: usize) -> Self {
        assert!(cap > 0, "capacity must be positive");
        // Index bits below `mark_bit`, the mark, then the lap counter.
        let mark_bit = (cap + 1).next_power_of_two();
        let one_lap = mark_bit * 2;
        let buffer = (0..cap)
            .map(|i| ArraySlot {
                // Lap 0, index i: free for the first lap.
                stamp: AtomicUsize::new(i),
                msg: UnsafeCell::new(MaybeUninit::uninit()),
            })
            .collect();
        Channel {
            head: CachePadded::new(AtomicUsize::new(0)),
            tail: CachePadded::new(AtomicUsize::new(0)),
            buffer,
            cap,
            one_lap,
            mark_bit,
            senders: SyncWaker::new(),
            receivers: SyncWaker::new(),
        }
    }

    /// The position after `pos` (index `pos & (mark_bit - 1)`).
    #[inline]
    fn next_pos(&self, pos: usize) -> usize {
        let index = pos & (self.mark_bit - 1);
        let lap = pos & !(self.one_lap - 1);
        if index + 1 < self.cap {
            pos + 1
        } else {
            lap.wrapping_add(self.one_lap)
        }
    }

    /// Reserves a slot to write into. `false`: the channel is full.
    fn start_send(&self, token: &mut Token) -> bool {
        let backoff = Backoff::new();
        // Relaxed: a hint; the stamp below and the CAS validate it.
        let mut tail = self.tail.load(Ordering::Relaxed);
        loop {
            if tail & self.mark_bit != 0 {
                token.array.slot = ptr::null();
                return true;
            }
            let slot = &self.buffer[tail & (self.mark_bit - 1)];
            // Acquire: pairs with the Release stamp store of the receiver
            // that emptied the slot, so its read of the old message happens
            // before we overwrite it.
            let stamp = slot.stamp.load(Ordering::Acquire);
            if tail == stamp {
                let new_tail = self.next_pos(tail);
                // SeqCst: part of the single order that `is_empty`/`is_full`
                // checks (fenced) and the disconnect mark rely on. Relaxed on
                // failure: we only retry.
                match self.tail.compare_exchange_weak(
                    tail,
                    new_tail,
                    Ordering::SeqCst,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => {
                        token.array.slot = slot as *const ArraySlot<T> as *const u8;
                        token.array.stamp = tail + 1;
                        return true;
                    }
                    Err(t) => {
                        tail = t;
                        backoff.spin();
                    }
                }
            } else if stamp.wrapping_add(self.one_lap) == tail + 1 {
                // The slot still holds last lap's message: full, unless a
                // receiver is just taking it.
                // SeqCst fence: orders our read of `tail` before the read
                // of `head`, so "full" is a state the channel really had.
                fence(Ordering::SeqCst);
                // Relaxed: ordered by the fence.
                let head = self.head.load(Ordering::Relaxed);
                if head.wrapping_add(self.one_lap) == tail {
                    return false;
                }
                // A receiver has reserved last lap's message and is taking
                // it out: a short wait.
                backoff.snooze();
                // Relaxed: a hint, as above.
                tail = self.tail.load(Ordering::Relaxed);
            } else {
                // `tail` is stale (another sender took this position), or
                // last lap's sender of this slot is still writing it.
                backoff.snooze();
                // Relaxed: a hint, as above.
                tail = self.tail.load(Ordering::Relaxed);
            }
        }
    }

    /// Writes into the slot reserved by `start_send`.
    ///
    /// # Safety
    /// `token` must come from a successful `start_send` on this channel and
    /// be used once.
    pub(crate) unsafe fn write(&self, token: &mut Token, msg: T) -> Result<(), T> {
        if token.array.slot.is_null() {
            return Err(msg);
        }
        // SAFETY: the token names a slot of `self.buffer` that this thread
        // reserved by moving `tail` past it; nobody else touches its message
        // until the stamp below says so.
        let slot = unsafe { &*(token.array.slot as *const ArraySlot<T>) };
        // SAFETY: as above, we own the slot's message cell.
        slot.msg.with_mut(|p| unsafe { (*p).write(msg) });
        // Release: publishes the message to the receiver that acquires this
        // stamp in `start_recv`.
        slot.stamp.store(token.array.stamp, Ordering::Release);
        self.receivers.notify();
        Ok(())
    }

    /// Reserves a slot to read from. `false`: the channel is empty.
    ///
    /// If a sender has reserved the position at `head` but not yet written
    /// it, the receiver reserves the position anyway and `read` waits for
    /// that one sender. Only the position's own reader waits on its writer;
    /// every other receiver sees an empty channel and may park. (Spinning
    /// there instead, as Vyukov's queue does, makes every receiver spin on a
    /// sender that the scheduler preempted between reserving and writing;
    /// under loom, whose schedules need not be fair, two such spinners can
    /// starve that sender forever.) A writer never waits once it holds its
    /// position, so a reader's wait is short.
    fn start_recv(&self, token: &mut Token) -> bool {
        let backoff = Backoff::new();
        // Relaxed: a hint; the stamp below and the CAS validate it.
        let mut head = self.head.load(Ordering::Relaxed);
        loop {
            let slot = &self.buffer[head & (self.mark_bit - 1)];
            // Acquire: pairs with the writer's Release stamp store, making
            // its message visible.
            let stamp = slot.stamp.load(Ordering::Acquire);
            let written = head.wrapping_add(1) == stamp;
            if !written {
                // Nothing written here: empty, unless a sender has reserved
                // the position already.
                // SeqCst fence: orders our read of `head` before `tail`.
                fence(Ordering::SeqCst);
                // Relaxed: ordered by the fence.
                let tail = self.tail.load(Ordering::Relaxed);
                if tail & !self.mark_bit == head {
                    if tail & self.mark_bit != 0 {
                        token.array.slot = ptr::null();
                        return true;
                    }
                    return false;
                }
                if stamp != head {
                    // A refill in progress at the current head: nothing to
                    // take yet (the refiller notifies when it is written).
                    // Relaxed: ordered by the fence, as `tail`.
                    if self.refilling(head, stamp) && self.head.load(Ordering::Relaxed) == head {
                        return false;
                    }
                    // Not free for this lap either, yet `tail` is ahead: our
                    // `head` is stale (another receiver took the position).
                    backoff.spin();
                    // Relaxed: a hint, as above.
                    head = self.head.load(Ordering::Relaxed);
                    continue;
                }
                // A sender has reserved the position and is writing it.
            }
            let new_head = self.next_pos(head);
            // SeqCst: as for `tail` in `start_send`. Relaxed on failure.
            match self.head.compare_exchange_weak(
                head,
                new_head,
                Ordering::SeqCst,
                Ordering::Relaxed,
            ) {
                Ok(_) => {
                    token.array.slot = slot as *const ArraySlot<T> as *const u8;
                    token.array.stamp = head.wrapping_add(self.one_lap);
                    token.array.wait = !written;
                    return true;
                }
                Err(h) => {
                    head = h;
                    backoff.spin();
                }
            }
        }
    }

    /// Reads from the slot reserved by `start_recv`.
    ///
    /// # Safety
    /// `token` must come from a successful `start_recv` on this channel and
    /// be used once.
    pub(crate) unsafe fn read(&self, token: &mut Token) -> Result<T, ()> {
        if token.array.slot.is_null() {
            return Err(());
        }
        // SAFETY: the token names a slot this thread reserved by moving
        // `head` past it, so nobody else reads it.
        let slot = unsafe { &*(token.array.slot as *const ArraySlot<T>) };
        if token.array.wait {
            // The sender of this position is still writing.
            slot.wait_for(token.array.stamp.wrapping_sub(self.one_lap).wrapping_add(1));
        }
        // SAFETY: as above; its stamp (acquired in `start_recv` or in
        // `wait_for` just now) says the message is written; it is read once.
        let msg = slot.msg.with(|p| unsafe { (*p).assume_init_read() });
        // The position that reuses this slot next lap.
        let next_lap = token.array.stamp;
        // Relaxed: a hint; `refill` validates it with a CAS.
        if self.senders.may_have_waiters() && self.tail.load(Ordering::Relaxed) == next_lap {
            // The buffer is full and this slot is the one to write next.
            if self.refill(slot, next_lap) {
                return Ok(msg);
            }
        }
        // Release: hands the emptied slot to the next lap's writer, which
        // acquires the stamp in `start_send`.
        slot.stamp.store(next_lap, Ordering::Release);
        self.senders.notify();
        Ok(msg)
    }

    /// The refill of `handoff.rs`: `slot` has just been read (its stamp not
    /// yet handed back) and `tail` was seen at `pos`, the position that
    /// reuses it, so the buffer is full up to us. Claims a blocked sender
    /// and moves its message into `slot` at `pos`; `false` if no sender
    /// could be claimed (the caller hands the slot back as usual).
    ///
    /// While our stamp is not handed back, no sender can move `tail` from
    /// `pos` (its `start_send` needs the stamp to equal `tail`), and nor can
    /// a disconnect (we are a receiver, the claimed sender a sender, both
    /// alive); the CAS below makes that a check, not an assumption.
    ///
    /// Between that CAS and our stamp store the position is taken but not
    /// written, and the slot still shows last lap's stamp. Receivers treat
    /// that state (see [`Channel::refilling`]) as empty: they park and our
    /// `receivers.notify` wakes them, instead of spinning on us while the
    /// claimed sender spins on us too.
    #[inline(never)]
    fn refill(&self, slot: &ArraySlot<T>, pos: usize) -> bool {
        let Some(entry) = self.senders.claim_slot() else {
            return false;
        };
        let new_tail = self.next_pos(pos);
        // SeqCst: as in `start_send` (the state change `receivers.notify`
        // below needs before its load). Relaxed on failure: we give up.
        if self
            .tail
            .compare_exchange(pos, new_tail, Ordering::SeqCst, Ordering::Relaxed)
            .is_err()
        {
            // SAFETY: `claim_slot` won the sender's CAS; we complete its
            // slot once, leaving the message to it.
            unsafe { Slot::<T>::give_back(entry.packet.0, &entry.cx) };
            return false;
        }
        // SAFETY: claimed (as above), not completed; taken once.
        let msg = unsafe { Slot::<T>::take_claimed(entry.packet.0) };
        // SAFETY: we own the slot twice over: we read it (our stamp is not
        // handed back) and we now hold `pos` in `tail`.
        slot.msg.with_mut(|p| unsafe { (*p).write(msg) });
        // Release: publishes the message to the receiver that acquires this
        // stamp in `start_recv`, as `write` does.
        slot.stamp.store(pos.wrapping_add(1), Ordering::Release);
        // SeqCst: receivers that saw the refill in progress parked after a
        // fence and a re-check of this stamp (`RecvSide::ready`); with this
        // fence before `notify`'s load of `is_empty`, either their re-check
        // sees the stamp or we see them listed (the store-buffering pair of
        // `waker.rs`, with a plain store on our side, hence the fence).
        fence(Ordering::SeqCst);
        // SAFETY: claimed, message taken and placed: completed once.
        unsafe { Slot::<T>::done(entry.packet.0, &entry.cx) };
        self.receivers.notify();
        true
    }

    /// Whether the slot at `head` is being refilled (see `refill`): it still
    /// shows the stamp of last lap's message, read already, while `tail` is
    /// past `head`. Only a refill leaves a slot so: any other writer waits
    /// for the stamp to say "free" before it takes the position.
    #[inline]
    fn refilling(&self, head: usize, stamp: usize) -> bool {
        stamp == head.wrapping_sub(self.one_lap).wrapping_add(1)
    }

    /// Whether a receiver would find a message now (`RecvSide::ready`):
    /// not empty, and the head not being refilled. `SeqCst` loads: called
    /// after a waiter's fence.
    fn has_message(&self) -> bool {
        // SeqCst: as in `is_empty`.
        let head = self.head.load(Ordering::SeqCst);
        let tail = self.tail.load(Ordering::SeqCst);
        if tail & !self.mark_bit == head {
            return false;
        }
        // SeqCst: read after the waiter's fence, paired with the fence in
        // `refill` after its stamp store.
        let stamp = self.buffer[head & (self.mark_bit - 1)]
            .stamp
            .load(Ordering::SeqCst);
        !self.refilling(head, stamp)
    }

    pub(crate) fn try_send(&self, msg: T) -> Result<(), TrySendError<T>> {
        let msg = match buffered::hand_off(self, msg) {
            Ok(()) => return Ok(()),
            Err(msg) => msg,
        };
        let mut token = Token::default();
        if self.start_send(&mut token) {
            // SAFETY: the token comes from `start_send` just now.
            unsafe { self.write(&mut token, msg) }.map_err(TrySendError::Disconnected)
        } else {
            Err(TrySendError::Full(msg))
        }
    }

    pub(crate) fn send(
        &self,
        msg: T,
        deadline: Option<Instant>,
    ) -> Result<(), SendTimeoutError<T>> {
        let msg = match buffered::hand_off(self, msg) {
            Ok(()) => return Ok(()),
            Err(msg) => msg,
        };
        let mut token = Token::default();
        if self.start_send(&mut token) {
            // SAFETY: the token comes from `start_send` just now.
            return unsafe { self.write(&mut token, msg) }.map_err(SendTimeoutError::Disconnected);
        }
        self.send_blocking(msg, deadline)
    }

    /// A `send` that found the buffer full: waits with its message in a
    /// hand-off slot. Out of line, so a `send` that proceeds at once stays
    /// small.
    #[inline(never)]
    fn send_blocking(
        &self,
        mut msg: T,
        deadline: Option<Instant>,
    ) -> Result<(), SendTimeoutError<T>> {
        let mut token = Token::default();
        let mut deadline = Deadline::new(deadline);
        loop {
            // The message waits in a slot that a receiver may drain into
            // the place it frees (a refill, see `read`).
            let slot = Slot::holding(msg);
            match buffered::reserve(&SendSide(self), &mut token, &mut deadline, slot.as_ptr()) {
                Reserved::HandedOff => match slot.wait_outcome() {
                    // A receiver moved the message into the buffer.
                    Outcome::Done => return Ok(()),
                    // SAFETY: the claimer left the message in the slot and
                    // will not touch it again (we saw its outcome).
                    Outcome::Returned => msg = unsafe { slot.take() },
                },
                Reserved::Token => {
                    // SAFETY: no peer can reach the slot any more
                    // (`reserve`'s contract); its message is still there.
                    let msg = unsafe { slot.take() };
                    // SAFETY: the token comes from `start_send` just now.
                    return unsafe { self.write(&mut token, msg) }
                        .map_err(SendTimeoutError::Disconnected);
                }
                Reserved::TimedOut => {
                    // SAFETY: as for `Reserved::Token`.
                    return Err(SendTimeoutError::Timeout(unsafe { slot.take() }));
                }
            }
        }
    }

    pub(crate) fn try_recv(&self) -> Result<T, TryRecvError> {
        let mut token = Token::default();
        if self.start_recv(&mut token) {
            // SAFETY: the token comes from `start_recv` just now.
            unsafe { self.read(&mut token) }.map_err(|()| TryRecvError::Disconnected)
        } else {
            Err(TryRecvError::Empty)
        }
    }

    pub(crate) fn recv(&self, deadline: Option<Instant>) -> Result<T, RecvTimeoutError> {
        let mut token = Token::default();
        if self.start_recv(&mut token) {
            // SAFETY: the token comes from `start_recv` just now.
            return unsafe { self.read(&mut token) }.map_err(|()| RecvTimeoutError::Disconnected);
        }
        // SAFETY: `recv_with_slot` passes the token of a `start_recv` that
        // reserved a receive.
        buffered::recv_with_slot(self, deadline, |token| unsafe { self.read(token) })
    }

    /// The number of messages in the channel.
    pub(crate) fn len(&self) -> usize {
        loop {
            // SeqCst: a consistent snapshot needs `tail` read before `head`
            // and re-read after (below) in one total order.
            let tail = self.tail.load(Ordering::SeqCst);
            let head = self.head.load(Ordering::SeqCst);
            // SeqCst: as above.
            if self.tail.load(Ordering::SeqCst) == tail {
                return self.len_between(head, tail & !self.mark_bit);
            }
        }
    }

    fn len_between(&self, head: usize, tail: usize) -> usize {
        let hix = head & (self.mark_bit - 1);
        let tix = tail & (self.mark_bit - 1);
        if hix < tix {
            tix - hix
        } else if hix > tix {
            self.cap - hix + tix
        } else if tail == head {
            0
        } else {
            self.cap
        }
    }

    pub(crate) fn capacity(&self) -> usize {
        self.cap
    }

    pub(crate) fn is_disconnected(&self) -> bool {
        // SeqCst: read after the waker's fence, part of the total order
        // with the disconnect's `fetch_or`.
        self.tail.load(Ordering::SeqCst) & self.mark_bit != 0
    }

    pub(crate) fn is_empty(&self) -> bool {
        // SeqCst: as in `len`; a waiter calls this after its fence.
        let head = self.head.load(Ordering::SeqCst);
        let tail = self.tail.load(Ordering::SeqCst);
        tail & !self.mark_bit == head
    }

    pub(crate) fn is_full(&self) -> bool {
        // SeqCst: as in `is_empty`.
        let tail = self.tail.load(Ordering::SeqCst);
        let head = self.head.load(Ordering::SeqCst);
        head.wrapping_add(self.one_lap) == tail & !self.mark_bit
    }

    /// Marks the channel disconnected and wakes every waiter (once);
    /// returns the final `tail` position, unmarked.
    fn mark_disconnected(&self) -> usize {
        // SeqCst: an RMW, so it reads the latest `tail` (which is final from
        // now on: every later CAS fails on the mark), and it joins the total
        // order that the fenced emptiness checks of waiters read.
        let tail = self.tail.fetch_or(self.mark_bit, Ordering::SeqCst);
        if tail & self.mark_bit == 0 {
            self.senders.disconnect();
            self.receivers.disconnect();
        }
        tail & !self.mark_bit
    }

    /// The last sender is gone.
    pub(crate) fn disconnect_senders(&self) {
        self.mark_disconnected();
    }

    /// The last receiver is gone: disconnect, then drop what is buffered
    /// right away (no receiver will ever take it).
    pub(crate) fn disconnect_receivers(&self) {
        let tail = self.mark_disconnected();
        self.discard_all_messages(tail);
    }

    /// Drops every buffered message up to the final `tail`. Runs only when
    /// no receiver exists; a sender that reserved a slot before the mark may
    /// still be writing, and we wait for it.
    ///
    /// The queue is emptied (`head` set to `tail`) before the first message
    /// is dropped: if a message's `Drop` panics, the messages after it are
    /// leaked, never dropped twice (by `Drop` of the channel), as in
    /// crossbeam-channel.
    fn discard_all_messages(&self, tail: usize) {
        // Relaxed: no receiver remains to move `head`; the last moves of the
        // others happen-before us through the receiver count's AcqRel
        // decrements.
        let mut head = self.head.load(Ordering::Relaxed);
        // Release: `len` on a sender sees an empty channel; `Drop` is
        // ordered after us by the handles' reference counts.
        self.head.store(tail, Ordering::Release);
        let backoff = Backoff::new();
        while head != tail {
            let slot = &self.buffer[head & (self.mark_bit - 1)];
            // Acquire: pairs with the writer's Release stamp store.
            if slot.stamp.load(Ordering::Acquire) == head + 1 {
                // SAFETY: the stamp says the message is written, and with no
                // receiver left this thread is its only owner.
                slot.msg.with_mut(|p| unsafe { (*p).assume_init_drop() });
                head = self.next_pos(head);
            } else {
                // A sender reserved the slot before the mark and is writing.
                backoff.snooze();
            }
        }
    }
}

impl<T> Drop for Channel<T> {
    fn drop(&mut self) {
        // Every handle is gone, so this thread has exclusive access. Drop
        // whatever is left (possible only if no receiver ever discarded it).
        // Relaxed: exclusive access, nothing to synchronize with.
        let head = self.head.load(Ordering::Relaxed);
        // Relaxed: as above.
        let tail = self.tail.load(Ordering::Relaxed) & !self.mark_bit;
        let mut pos = head;
        for _ in 0..self.len_between(head, tail) {
            let slot = &self.buffer[pos & (self.mark_bit - 1)];
            // SAFETY: positions in [head, tail) hold written messages that
            // nobody will read; we own them and drop each once.
            slot.msg.with_mut(|p| unsafe { (*p).assume_init_drop() });
            pos = self.next_pos(pos);
        }
    }
}

/// The sending side of a bounded channel, as select sees it.
pub(crate) struct SendSide<'a, T>(pub(crate) &'a Channel<T>);

impl<T> Buffer for Channel<T> {
    fn start_recv(&self, token: &mut Token) -> bool {
        Channel::start_recv(self, token)
    }

    fn has_message(&self) -> bool {
        Channel::has_message(self)
    }

    fn is_empty(&self) -> bool {
        Channel::is_empty(self)
    }

    fn is_disconnected(&self) -> bool {
        Channel::is_disconnected(self)
    }

    fn receivers(&self) -> &SyncWaker {
        &self.receivers
    }
}

impl<T> Side for SendSide<'_, T> {
    fn start(&self, token: &mut Token) -> bool {
        self.0.start_send(token)
    }

    fn ready(&self) -> bool {
        !self.0.is_full() || self.0.is_disconnected()
    }

    fn waker(&self) -> &SyncWaker {
        &self.0.senders
    }
}
