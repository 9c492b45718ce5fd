//! The unbounded flavor: a linked list of fixed-size blocks of slots.
//!
//! Algorithm: the segmented MPMC queue of crossbeam-channel's list flavor
//! (itself after Dmitry Vyukov's and the "FAA array queue" family): a
//! position counter per end, positions grouped into blocks of `BLOCK_CAP`
//! slots, one extra position per block reserved for "moving to the next
//! block". A sender that takes the last slot of a block installs the next
//! block (allocated before its CAS, so the window is short); a receiver that
//! finishes with a block frees it. So memory follows the number of buffered
//! messages: after a burst is drained, all but one block is given back.
//!
//! Invariants, atomic by atomic:
//! - `tail.index` (position `<< SHIFT`, `MARK_BIT` = disconnected): the next
//!   position to write; a sender owns the slot whose position it CASes past.
//!   Offset `BLOCK_CAP` in a block means "the next block is being
//!   installed": everyone waits until the installer moves past it. The
//!   mark can be set at any moment, also while a block is being installed,
//!   so every write to `tail.index` is a read-modify-write (CAS, `fetch_or`,
//!   `fetch_add`) that keeps it: a plain store could erase it.
//! - `tail.block`: the block containing `tail.index`; stored (Release)
//!   before the index that moves into it.
//! - `head.index` (position `<< SHIFT`, `MARK_BIT` = "a later block exists,
//!   no need to look at `tail`"): the next position to read; a receiver owns
//!   the slot whose position it CASes past. `head.block` as for `tail`.
//! - `block.next`: set once (Release) by the installer; a receiver that
//!   leaves the block waits for it (Acquire).
//! - `slot.state`: `WRITE` (Release, by the writer: the message is in),
//!   `READ` (by the reader: done with the slot), `DESTROY` (by the thread
//!   freeing the block: whoever reads this slot last frees the block),
//!   `DISCARDED` (by the last receiver's drop, on a slot not yet written:
//!   the writer will take its message back and finish the slot itself, so
//!   the drop never waits for a writer; one that never comes, such as a
//!   selected send that was `mem::forget`ed, then only leaks its block).
//!
//! A receiver that must wait lists a hand-off slot, and a sender that finds
//! it waiting on an empty list writes the message straight into it (see
//! `handoff.rs`, shared with the bounded flavor through `buffered.rs`).
//!
//! Models: `tests/models.rs`
//! (`unbounded_crosses_block_boundaries_and_frees_blocks`,
//! `send_*_racing_last_receiver_drop_*`, `unbounded_handoff_*`); `tests/shuttle_models.rs`
//! (`two_receivers_sharing_blocks_*`, `senders_installing_blocks_*`).

pub(crate) use super::buffered::RecvSide;
use super::buffered::{self, Buffer};
use crate::backoff::Backoff;
use crate::context::{Context, Operation};
use crate::err::{RecvTimeoutError, SendTimeoutError, TryRecvError, TrySendError};
use crate::select::{SelectHandle, Token};
use crate::waker::SyncWaker;
use crossbeam_utils::CachePadded;
use fearless_core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering, fence};
use fearless_core::sync::cell::UnsafeCell;
use std::mem::MaybeUninit;
use std::ptr;
use std::time::Instant;

/// Slot state bits.
const WRITE: usize = 1;
const READ: usize = 2;
const DESTROY: usize = 4;
/// The last receiver left before the slot was written: its writer takes the
/// message back (its send fails) and finishes the slot as a reader would.
const DISCARDED: usize = 8;

/// Positions per block (one of them is the "switching" position); a power
/// of two. Small under the model checkers so that a model crosses a block
/// boundary in a few messages: under loom a block holds one message (every
/// send installs a block, every receive frees one); under shuttle, whose
/// models are larger, three, so that readers of one block also finish its
/// slots out of order and hand its freeing to one another (`destroy` from
/// a slot past 0), a path a one-message block never takes.
#[cfg(not(any(loom, shuttle)))]
const LAP: usize = 32;
#[cfg(all(loom, not(shuttle)))]
const LAP: usize = 2;
#[cfg(shuttle)]
const LAP: usize = 4;
/// Message slots per block.
const BLOCK_CAP: usize = LAP - 1;
/// Low bits of an index reserved for flags.
const SHIFT: usize = 1;
/// In `tail.index`: disconnected. In `head.index`: a later block exists.
const MARK_BIT: usize = 1;

struct Slot<T> {
    msg: UnsafeCell<MaybeUninit<T>>,
    state: AtomicUsize,
}

impl<T> Slot<T> {
    /// Waits until the writer that owns this slot has written it.
    fn wait_write(&self) {
        let backoff = Backoff::new();
        // Acquire: pairs with the writer's Release `fetch_add(WRITE)`.
        while self.state.load(Ordering::Acquire) & WRITE == 0 {
            backoff.snooze();
        }
    }
}

struct Block<T> {
    next: AtomicPtr<Block<T>>,
    slots: [Slot<T>; BLOCK_CAP],
}

impl<T> Block<T> {
    /// A fresh block, built directly on the heap: built on the stack and
    /// then boxed, a block of large messages (31 of them) could overflow
    /// the stack.
    #[cfg(not(any(loom, shuttle)))]
    fn new() -> Box<Block<T>> {
        // (`Box::new_zeroed` would say this in one line, but it needs Rust
        // 1.92 and the workspace supports 1.85.)
        let layout = std::alloc::Layout::new::<Block<T>>();
        // SAFETY: the layout is not zero-sized (a block holds an atomic).
        let raw = unsafe { std::alloc::alloc_zeroed(layout) } as *mut Block<T>;
        if raw.is_null() {
            std::alloc::handle_alloc_error(layout);
        }
        // SAFETY: `raw` is a fresh allocation with the layout of a block,
        // which the global allocator's `Box` accepts; all zeroes is a valid
        // empty block: a null `next`, and in each slot a zero state and an
        // uninitialized message (std's atomics and
        // `UnsafeCell<MaybeUninit<_>>` accept any bytes).
        unsafe { Box::from_raw(raw) }
    }

    /// Under the model checkers the atomics are theirs and not valid as
    /// zeroes; their models use small messages.
    #[cfg(any(loom, shuttle))]
    fn new() -> Box<Block<T>> {
        Box::new(Block {
            next: AtomicPtr::new(ptr::null_mut()),
            slots: std::array::from_fn(|_| Slot {
                msg: UnsafeCell::new(MaybeUninit::uninit()),
                state: AtomicUsize::new(0),
            }),
        })
    }

    /// Waits until the next block is installed and returns it.
    fn wait_next(&self) -> *mut Block<T> {
        let backoff = Backoff::new();
        loop {
            // Acquire: pairs with the installer's Release store, so the new
            // block's initialization is visible.
            let next = self.next.load(Ordering::Acquire);
            if !next.is_null() {
                return next;
            }
            backoff.snooze();
        }
    }

    /// Marks slot `offset` done (as its reader does after reading it) and
    /// frees the block if that was the last thing keeping it alive.
    ///
    /// # Safety
    /// The caller owns slot `offset` of the live block `this` and is done
    /// with its message.
    unsafe fn finish_slot(this: *mut Block<T>, offset: usize, live: &AtomicUsize) {
        if offset + 1 == BLOCK_CAP {
            // SAFETY: the last slot is done: start freeing from slot 0.
            unsafe { Block::destroy(this, 0, live) };
        } else {
            // SAFETY: the block is alive until this slot is marked READ.
            let slot = unsafe { &(*this).slots[offset] };
            // AcqRel: releases our use of the slot to the destroyer;
            // acquires its DESTROY decision if it came first. An add, not
            // an or: READ is set once, by the slot's one finisher, so the
            // two agree, and x86 returns the old value of an add in one
            // instruction (`lock xadd`) but needs a CAS loop for an or.
            if slot.state.fetch_add(READ, Ordering::AcqRel) & DESTROY != 0 {
                // SAFETY: the destroyer left the rest to us.
                unsafe { Block::destroy(this, offset + 1, live) };
            }
        }
    }

    /// Frees `this` once every slot from `start` on has been read: marks
    /// each unread slot `DESTROY`, and if one is still being read, leaves
    /// the freeing to that slot's reader.
    ///
    /// # Safety
    /// `this` must be a block that every writer and every reader of slots
    /// before `start` is done with; the caller read slot `start - 1` (or is
    /// the reader of the last slot, with `start == 0`).
    unsafe fn destroy(this: *mut Block<T>, start: usize, live: &AtomicUsize) {
        // The last slot is never checked: its reader is the one who starts
        // destruction from 0.
        for i in start..BLOCK_CAP - 1 {
            // SAFETY: the block is alive until this function frees it; the
            // reader of slot `i` (if still reading) defers to us or we to it
            // through the `DESTROY` bit.
            let slot = unsafe { &(*this).slots[i] };
            // Acquire: pairs with the reader's AcqRel `fetch_add(READ)`, so
            // its read of the message happens before we free the block.
            // AcqRel on the RMW: same, plus it releases our `DESTROY`
            // decision to that reader.
            if slot.state.load(Ordering::Acquire) & READ == 0
                && slot.state.fetch_or(DESTROY, Ordering::AcqRel) & READ == 0
            {
                // The reader of slot `i` will continue from `i + 1`.
                return;
            }
        }
        // Relaxed: a statistic for tests.
        live.fetch_sub(1, Ordering::Relaxed);
        // SAFETY: every slot is read and nobody else holds the block.
        drop(unsafe { Box::from_raw(this) });
    }
}

/// One end of the queue.
struct Position<T> {
    index: AtomicUsize,
    block: AtomicPtr<Block<T>>,
}

/// What a reserved position hands from `start_*` to `read`/`write`.
#[derive(Debug)]
pub(crate) struct ListToken {
    /// The block of the reserved slot, or null if disconnected.
    block: *const u8,
    offset: usize,
}

impl Default for ListToken {
    fn default() -> Self {
        ListToken {
            block: ptr::null(),
            offset: 0,
        }
    }
}

/// An unbounded channel.
pub(crate) struct Channel<T> {
    head: CachePadded<Position<T>>,
    tail: CachePadded<Position<T>>,
    /// Receivers blocked on an empty channel (senders never block).
    receivers: SyncWaker,
    /// Blocks currently allocated (a statistic: proves memory is returned).
    /// On its own cache line: the sender installing a block and the
    /// receiver freeing one write it, and every send reads `receivers`.
    live_blocks: CachePadded<AtomicUsize>,
}

// SAFETY: messages of type `T: Send` move between threads through slots
// whose ownership the protocol above hands over; nothing is shared by
// reference.
unsafe impl<T: Send> Send for Channel<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Sync for Channel<T> {}

impl<T> Channel<T> {
    pub(crate) fn new() -> Self {
        let first = Box::into_raw(Block::<T>::new());
        Channel {
            head: CachePadded::new(Position {
                index: AtomicUsize::new(0),
                block: AtomicPtr::new(first),
            }),
            tail: CachePadded::new(Position {
                index: AtomicUsize::new(0),
                block: AtomicPtr::new(first),
            }),
            receivers: SyncWaker::new(),
            live_blocks: CachePadded::new(AtomicUsize::new(1)),
        }
    }

    /// Blocks currently allocated by this channel.
    pub(crate) fn live_blocks(&self) -> usize {
        // Relaxed: a statistic.
        self.live_blocks.load(Ordering::Relaxed)
    }

    /// Reserves a slot to write into. Always succeeds (the token is null if
    /// the channel is disconnected).
    fn start_send(&self, token: &mut Token) -> bool {
        let backoff = Backoff::new();
        // Acquire: pairs with the Release index store of a block installer,
        // so `tail.block` read next is at least as new as this index.
        let mut tail = self.tail.index.load(Ordering::Acquire);
        // Acquire: the block's initialization is visible.
        let mut block = self.tail.block.load(Ordering::Acquire);
        let mut next_block: Option<Box<Block<T>>> = None;
        loop {
            if tail & MARK_BIT != 0 {
                token.list.block = ptr::null();
                return true;
            }
            let offset = (tail >> SHIFT) % LAP;
            if offset == BLOCK_CAP {
                // Someone is installing the next block: wait for it.
                backoff.snooze();
                // Acquire: as above.
                tail = self.tail.index.load(Ordering::Acquire);
                // Acquire: as above.
                block = self.tail.block.load(Ordering::Acquire);
                continue;
            }
            // Taking the last slot obliges us to install the next block:
            // allocate it before the CAS to keep everyone's wait short.
            if offset + 1 == BLOCK_CAP && next_block.is_none() {
                next_block = Some(Block::new());
            }
            let new_tail = tail + (1 << SHIFT);
            // SeqCst: joins the total order read by the fenced emptiness
            // check of `start_recv` and by waiters after their fence.
            // Acquire on failure: we reload `tail.block` next.
            match self.tail.index.compare_exchange_weak(
                tail,
                new_tail,
                Ordering::SeqCst,
                Ordering::Acquire,
            ) {
                Ok(_) => {
                    if offset + 1 == BLOCK_CAP {
                        let next = Box::into_raw(next_block.take().expect("allocated above"));
                        // Relaxed: a statistic.
                        self.live_blocks.fetch_add(1, Ordering::Relaxed);
                        // Release: publishes the new block's initialization
                        // with the block pointer.
                        self.tail.block.store(next, Ordering::Release);
                        // Moves past the switching position. A read-modify-
                        // write, not a store: the last receiver may have set
                        // the disconnect mark since our CAS, and a store
                        // would erase it (later sends would then succeed into
                        // a channel nobody reads). Release: publishes the
                        // block pointer above with the index.
                        self.tail.index.fetch_add(1 << SHIFT, Ordering::Release);
                        // SAFETY: `block` is the current tail block; it
                        // cannot be freed before its last slot (ours) is
                        // written and read.
                        // Release: pairs with `wait_next`'s Acquire.
                        unsafe { (*block).next.store(next, Ordering::Release) };
                    }
                    token.list.block = block as *const u8;
                    token.list.offset = offset;
                    return true;
                }
                Err(t) => {
                    tail = t;
                    // Acquire: as above.
                    block = self.tail.block.load(Ordering::Acquire);
                    backoff.spin();
                }
            }
        }
    }

    /// Writes into the slot reserved by `start_send`.
    ///
    /// # Safety
    /// `token` must come from a successful `start_send` on this channel and
    /// be used once.
    pub(crate) unsafe fn write(&self, token: &mut Token, msg: T) -> Result<(), T> {
        if token.list.block.is_null() {
            return Err(msg);
        }
        let block = token.list.block as *mut Block<T>;
        // SAFETY: we own the reserved slot; the block lives until the slot
        // is read, which needs our WRITE first.
        let slot = unsafe { &(*block).slots[token.list.offset] };
        // SAFETY: as above; nobody reads the message before WRITE is set.
        slot.msg.with_mut(|p| unsafe { (*p).write(msg) });
        // Release: publishes the message to the reader's `wait_write` (or
        // to the last receiver's discard). Acquire: if the discard marked
        // the slot first, its view of the block is ours before we finish
        // the slot below. An add, as READ in `finish_slot`: only this
        // writer sets WRITE.
        if slot.state.fetch_add(WRITE, Ordering::AcqRel) & DISCARDED == 0 {
            self.receivers.notify();
            return Ok(());
        }
        // Every receiver is gone and the discard left this slot to us: take
        // the message back and finish the slot as its reader would.
        // SAFETY: we wrote it just now and the discard does not touch an
        // unwritten slot's message.
        let msg = slot.msg.with(|p| unsafe { (*p).assume_init_read() });
        let offset = token.list.offset;
        // SAFETY: the block is alive until this slot is finished (READ or,
        // for the last slot, destruction started), which is what we do.
        unsafe { Block::finish_slot(block, offset, &self.live_blocks) };
        Err(msg)
    }

    /// Reserves a slot to read from. `false`: the channel is empty.
    fn start_recv(&self, token: &mut Token) -> bool {
        let backoff = Backoff::new();
        // Acquire: pairs with the Release index store of a block switcher,
        // so `head.block` read next is at least as new.
        let mut head = self.head.index.load(Ordering::Acquire);
        // Acquire: as above.
        let mut block = self.head.block.load(Ordering::Acquire);
        loop {
            let offset = (head >> SHIFT) % LAP;
            if offset == BLOCK_CAP {
                // Another receiver is moving to the next block.
                backoff.snooze();
                // Acquire: as above.
                head = self.head.index.load(Ordering::Acquire);
                // Acquire: as above.
                block = self.head.block.load(Ordering::Acquire);
                continue;
            }
            let mut new_head = head + (1 << SHIFT);
            if new_head & MARK_BIT == 0 {
                // SeqCst fence: orders our read of `head` before the read of
                // `tail`, so "empty" is a state the channel really had.
                fence(Ordering::SeqCst);
                // Relaxed: ordered by the fence.
                let tail = self.tail.index.load(Ordering::Relaxed);
                if head >> SHIFT == tail >> SHIFT {
                    if tail & MARK_BIT != 0 {
                        token.list.block = ptr::null();
                        return true;
                    }
                    return false;
                }
                // Head and tail in different blocks: remember that a later
                // block exists so the next receivers skip this check.
                if (head >> SHIFT) / LAP != (tail >> SHIFT) / LAP {
                    new_head |= MARK_BIT;
                }
            }
            // SeqCst: as for `tail.index`. Acquire on failure: we reload
            // `head.block` next.
            match self.head.index.compare_exchange_weak(
                head,
                new_head,
                Ordering::SeqCst,
                Ordering::Acquire,
            ) {
                Ok(_) => {
                    if offset + 1 == BLOCK_CAP {
                        // SAFETY: the block is alive (its last slot, ours,
                        // is unread).
                        let next = unsafe { (*block).wait_next() };
                        let mut next_index = (new_head & !MARK_BIT).wrapping_add(1 << SHIFT);
                        // SAFETY: `next` was installed and is alive.
                        // Relaxed: only a hint for the MARK_BIT shortcut.
                        if !unsafe { (*next).next.load(Ordering::Relaxed) }.is_null() {
                            next_index |= MARK_BIT;
                        }
                        // Release (both): as for the tail's switch.
                        self.head.block.store(next, Ordering::Release);
                        self.head.index.store(next_index, Ordering::Release);
                    }
                    token.list.block = block as *const u8;
                    token.list.offset = offset;
                    return true;
                }
                Err(h) => {
                    head = h;
                    // Acquire: as above.
                    block = self.head.block.load(Ordering::Acquire);
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
        if token.list.block.is_null() {
            return Err(());
        }
        let block = token.list.block as *mut Block<T>;
        let offset = token.list.offset;
        // SAFETY: we own the reserved slot and the block lives until we mark
        // it READ (or destroy it ourselves).
        let slot = unsafe { &(*block).slots[offset] };
        slot.wait_write();
        // SAFETY: WRITE is set (acquired): the message is initialized; we
        // read it exactly once.
        let msg = slot.msg.with(|p| unsafe { (*p).assume_init_read() });
        // SAFETY: we own the slot and are done with its message.
        unsafe { Block::finish_slot(block, offset, &self.live_blocks) };
        Ok(msg)
    }

    pub(crate) fn try_send(&self, msg: T) -> Result<(), TrySendError<T>> {
        self.send(msg, None).map_err(|e| match e {
            SendTimeoutError::Disconnected(m) => TrySendError::Disconnected(m),
            SendTimeoutError::Timeout(_) => unreachable!("an unbounded send never waits"),
        })
    }

    pub(crate) fn send(
        &self,
        msg: T,
        _deadline: Option<Instant>,
    ) -> Result<(), SendTimeoutError<T>> {
        let msg = match buffered::hand_off(self, msg) {
            Ok(()) => return Ok(()),
            Err(msg) => msg,
        };
        let mut token = Token::default();
        self.start_send(&mut token);
        // SAFETY: the token comes from `start_send` just now.
        unsafe { self.write(&mut token, msg) }.map_err(SendTimeoutError::Disconnected)
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
            // and re-read after, in one total order.
            let mut tail = self.tail.index.load(Ordering::SeqCst);
            let mut head = self.head.index.load(Ordering::SeqCst);
            // SeqCst: as above.
            if self.tail.index.load(Ordering::SeqCst) == tail {
                tail &= !((1 << SHIFT) - 1);
                head &= !((1 << SHIFT) - 1);
                // Skip the switching positions.
                if (tail >> SHIFT) & (LAP - 1) == LAP - 1 {
                    tail = tail.wrapping_add(1 << SHIFT);
                }
                if (head >> SHIFT) & (LAP - 1) == LAP - 1 {
                    head = head.wrapping_add(1 << SHIFT);
                }
                let lap = (head >> SHIFT) & !(LAP - 1);
                tail = tail.wrapping_sub(lap << SHIFT);
                head = head.wrapping_sub(lap << SHIFT);
                tail >>= SHIFT;
                head >>= SHIFT;
                return tail - head - tail / LAP;
            }
        }
    }

    pub(crate) fn is_disconnected(&self) -> bool {
        // SeqCst: read after the waker's fence; in the total order with the
        // disconnect's `fetch_or`.
        self.tail.index.load(Ordering::SeqCst) & MARK_BIT != 0
    }

    pub(crate) fn is_empty(&self) -> bool {
        // SeqCst: as in `len`; a waiter calls this after its fence.
        let head = self.head.index.load(Ordering::SeqCst);
        let tail = self.tail.index.load(Ordering::SeqCst);
        head >> SHIFT == tail >> SHIFT
    }

    /// Marks the channel disconnected; `true` if this call did it.
    fn mark_disconnected(&self) -> bool {
        // SeqCst: an RMW reading the latest `tail.index`, after which no
        // sender can reserve a slot; in the total order waiters read.
        let tail = self.tail.index.fetch_or(MARK_BIT, Ordering::SeqCst);
        if tail & MARK_BIT == 0 {
            self.receivers.disconnect();
            true
        } else {
            false
        }
    }

    /// The last sender is gone.
    pub(crate) fn disconnect_senders(&self) {
        self.mark_disconnected();
    }

    /// The last receiver is gone: disconnect and free every buffered
    /// message and every block but the current one, right away.
    pub(crate) fn disconnect_receivers(&self) {
        self.mark_disconnected();
        self.discard_all_messages();
    }

    /// Drops every message between `head` and the final `tail` and frees
    /// the blocks they lived in. Runs only when no receiver exists, after
    /// the mark (so `tail` only moves to finish a block switch).
    ///
    /// It never waits for a writer: a slot reserved but not yet written is
    /// marked `DISCARDED`, and its writer takes the message back (the send
    /// fails) and finishes the slot. So a writer that never comes (a
    /// selected send that was `mem::forget`ed) costs its block, not a
    /// thread spinning forever.
    fn discard_all_messages(&self) {
        let backoff = Backoff::new();
        let mut tail = loop {
            // Acquire: pairs with the installer's Release index move, so
            // the blocks up to the tail are visible.
            let tail = self.tail.index.load(Ordering::Acquire);
            if (tail >> SHIFT) % LAP != BLOCK_CAP {
                break tail;
            }
            // A sender is installing the next block (inside `start_send`,
            // which never stops there): let it finish.
            backoff.snooze();
        };
        tail &= !MARK_BIT;
        // Acquire: the last receiver's moves happen-before us through the
        // receiver count; this also acquires the block switch they made.
        let mut head = self.head.index.load(Ordering::Acquire) & !MARK_BIT;
        // Acquire: as above.
        let mut block = self.head.block.load(Ordering::Acquire);
        // Acquire: the tail block, final now (no install is under way and
        // none can start after the mark), published before the index.
        let tail_block = self.tail.block.load(Ordering::Acquire);
        // Empty the queue before dropping anything: if a message's `Drop`
        // panics, the messages (and blocks) after it are leaked, never
        // dropped or freed twice by `Drop` of the channel, which frees only
        // the tail block (never destroyed here: its last slot is not
        // reserved, so nobody starts its destruction). As in crossbeam.
        // Release (both): a consistent, empty queue for `len` and `Drop`.
        self.head.block.store(tail_block, Ordering::Release);
        self.head.index.store(tail, Ordering::Release);
        while head >> SHIFT != tail >> SHIFT {
            let offset = (head >> SHIFT) % LAP;
            if offset < BLOCK_CAP {
                // The next block, read while this one is surely alive: once
                // the last slot is finished, it may be freed at any time.
                let next = if offset + 1 == BLOCK_CAP {
                    // SAFETY: the block is alive (its last slot is
                    // unfinished); its installer is inside `start_send`.
                    Some(unsafe { (*block).wait_next() })
                } else {
                    None
                };
                // SAFETY: the block is alive: this slot is not finished.
                let slot = unsafe { &(*block).slots[offset] };
                // AcqRel: acquires a finished writer's message; releases
                // our mark to a writer still on its way.
                if slot.state.fetch_or(DISCARDED, Ordering::AcqRel) & WRITE != 0 {
                    // SAFETY: written (acquired) and never to be read: with
                    // no receiver left, we own it and drop it once.
                    slot.msg.with_mut(|p| unsafe { (*p).assume_init_drop() });
                    // SAFETY: we own the slot and are done with it.
                    unsafe { Block::finish_slot(block, offset, &self.live_blocks) };
                }
                // Otherwise the writer finishes the slot (see `write`).
                if let Some(next) = next {
                    block = next;
                }
            }
            head = head.wrapping_add(1 << SHIFT);
        }
        debug_assert_eq!(block, tail_block, "the walk ends in the tail block");
    }
}

impl<T> Drop for Channel<T> {
    fn drop(&mut self) {
        // Exclusive access: every handle is gone, and the last receiver
        // already emptied the queue (a receiver always exists until then).
        // What remains is the current block.
        // Relaxed: exclusive access.
        let head_block = self.head.block.load(Ordering::Relaxed);
        // Relaxed: as above.
        let head = self.head.index.load(Ordering::Relaxed);
        // Relaxed: as above.
        let tail = self.tail.index.load(Ordering::Relaxed);
        debug_assert_eq!(head >> SHIFT, tail >> SHIFT, "messages left at drop");
        // SAFETY: exclusive access; the head block is the only block left
        // and nobody holds a pointer to it.
        drop(unsafe { Box::from_raw(head_block) });
    }
}

/// The sending side of an unbounded channel, as select sees it.
pub(crate) struct SendSide<'a, T>(pub(crate) &'a Channel<T>);

impl<T> Buffer for Channel<T> {
    fn start_recv(&self, token: &mut Token) -> bool {
        Channel::start_recv(self, token)
    }

    fn has_message(&self) -> bool {
        !self.is_empty()
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

impl<T> SelectHandle for SendSide<'_, T> {
    fn try_select(&self, token: &mut Token) -> bool {
        self.0.start_send(token)
    }

    fn register(&self, _oper: Operation, _cx: &Context) -> bool {
        true
    }

    fn unregister(&self, _oper: Operation, _cx: &Context) {}

    fn accept(&self, token: &mut Token, _cx: &Context) -> bool {
        self.try_select(token)
    }

    fn is_ready(&self) -> bool {
        true
    }

    fn watch(&self, _oper: Operation, _cx: &Context) -> bool {
        true
    }

    fn unwatch(&self, _oper: Operation, _cx: &Context) {}
}
