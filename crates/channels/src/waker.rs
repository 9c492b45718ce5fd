//! Lists of blocked calls, and how a channel wakes them.
//!
//! A [`Waker`] holds two lists of entries (context + operation id + optional
//! rendezvous packet):
//!
//! - *selectors*: calls that will perform the operation once woken. A
//!   notification wakes exactly one of them, so one message wakes one
//!   receiver, not a herd.
//! - *observers*: `Select::ready` calls that only want to know that an
//!   operation became possible. A notification wakes all of them; they
//!   never take a message, so they can never swallow a wake-up meant for a
//!   selector.
//!
//! [`SyncWaker`] is a `Waker` behind a mutex plus an `is_empty` flag, so the
//! common case, nobody waiting, costs the notifier one load and no lock.
//! The protocol (a store-buffering pattern in the `SeqCst` order) is:
//!
//! - waiter: push its entry and clear `is_empty` under the lock, `SeqCst`
//!   fence, then re-check the channel's state and abort its wait if the
//!   operation became possible meanwhile;
//! - notifier: change the channel's state with a `SeqCst` read-modify-write
//!   (the CAS that reserved its slot), then a `SeqCst` load of `is_empty`,
//!   and only then take the lock.
//!
//! The waiter's fence and the notifier's two `SeqCst` operations are all in
//! the single total order S, so at least one side sees the other's store:
//! either the waiter notices the new state or the notifier notices the
//! waiter. The notifier's side needs no fence (on x86 a fence is an
//! `mfence`, paid on every send and receive; a `SeqCst` load is a plain
//! load). Loom models `SeqCst` loads only as `Acquire`, so under `cfg(loom)`
//! the notifier adds the equivalent fence before its load (see `notify`).
//!
//! Models: every blocking model of `tests/models.rs` (no lost wake-up:
//! `disconnect_wakes_*`, `two_blocked_receivers_*`).

use crate::context::{Context, Operation, Selected};
use fearless_core::sync::Mutex;
use fearless_core::sync::atomic::{AtomicBool, Ordering, fence};
use fearless_core::sync::thread;

/// A rendezvous packet pointer, type-erased. It is only dereferenced by the
/// zero-capacity flavor, under the pairing protocol described there.
#[derive(Clone, Copy)]
pub(crate) struct PacketPtr(pub(crate) *mut ());

// SAFETY: the pointer is an address, moved between threads only inside the
// waiter lists; the zero flavor's protocol decides who dereferences it and
// when (the pointee outlives every use, see `flavors/zero.rs`).
unsafe impl Send for PacketPtr {}

/// One blocked call waiting on one operation.
pub(crate) struct Entry {
    pub(crate) oper: Operation,
    /// A rendezvous packet (zero flavor), a hand-off slot (a plain blocked
    /// call of the bounded flavor, see `handoff.rs`), or null.
    pub(crate) packet: PacketPtr,
    pub(crate) cx: Context,
}

/// The waiter lists of one side of one channel. Not synchronized by itself.
#[derive(Default)]
pub(crate) struct Waker {
    selectors: Vec<Entry>,
    observers: Vec<Entry>,
}

impl Waker {
    /// Adds a call that will perform `oper` when woken.
    pub(crate) fn register(&mut self, oper: Operation, cx: &Context) {
        self.register_with_packet(oper, std::ptr::null_mut(), cx);
    }

    /// Adds a call, with the rendezvous packet a peer should use.
    pub(crate) fn register_with_packet(&mut self, oper: Operation, packet: *mut (), cx: &Context) {
        self.selectors.push(Entry {
            oper,
            packet: PacketPtr(packet),
            cx: cx.clone(),
        });
    }

    /// Removes the entry of (`cx`, `oper`), if a peer has not taken it.
    pub(crate) fn unregister(&mut self, oper: Operation, cx: &Context) -> Option<Entry> {
        let i = self
            .selectors
            .iter()
            .position(|e| e.oper == oper && e.cx.ptr_eq(cx))?;
        Some(self.selectors.remove(i))
    }

    /// Selects, wakes and removes the first waiting call of another thread.
    /// Its packet (if any) is stored in its context for `accept`.
    pub(crate) fn try_select(&mut self) -> Option<Entry> {
        if self.selectors.is_empty() {
            return None;
        }
        let me = thread::current().id();
        let i = self.selectors.iter().position(|e| {
            e.cx.thread_id() != me && e.cx.try_select(Selected::Operation(e.oper)).is_ok()
        })?;
        let entry = self.selectors.remove(i);
        entry.cx.store_packet(entry.packet.0);
        entry.cx.unpark();
        Some(entry)
    }

    /// Claims and removes the first listed call that offers a hand-off
    /// slot: selects it with [`Selected::Handoff`], the CAS that its
    /// timeout, a disconnect and other peers race for. The caller then
    /// completes the call through the slot and wakes it. Calls without a
    /// slot (selects) are left to `try_select`.
    pub(crate) fn claim_slot(&mut self) -> Option<Entry> {
        let i = self
            .selectors
            .iter()
            .position(|e| !e.packet.0.is_null() && e.cx.try_select(Selected::Handoff).is_ok())?;
        Some(self.selectors.remove(i))
    }

    /// Whether some other thread's call is waiting here and could be
    /// paired with now (used by the rendezvous flavor's readiness checks).
    pub(crate) fn can_select(&self) -> bool {
        if self.selectors.is_empty() {
            return false;
        }
        let me = thread::current().id();
        self.selectors
            .iter()
            .any(|e| e.cx.thread_id() != me && e.cx.is_waiting())
    }

    /// Adds a `ready` observer.
    pub(crate) fn watch(&mut self, oper: Operation, cx: &Context) {
        self.observers.push(Entry {
            oper,
            packet: PacketPtr(std::ptr::null_mut()),
            cx: cx.clone(),
        });
    }

    /// Removes a `ready` observer.
    pub(crate) fn unwatch(&mut self, oper: Operation, cx: &Context) {
        self.observers
            .retain(|e| !(e.oper == oper && e.cx.ptr_eq(cx)));
    }

    /// Wakes every observer (they re-check readiness themselves).
    pub(crate) fn notify_observers(&mut self) {
        for e in self.observers.drain(..) {
            if e.cx.try_select(Selected::Operation(e.oper)).is_ok() {
                e.cx.unpark();
            }
        }
    }

    /// The channel was disconnected: every waiting call wakes up and finds
    /// out for itself.
    pub(crate) fn disconnect(&mut self) {
        for e in &self.selectors {
            if e.cx.try_select(Selected::Disconnected).is_ok() {
                // Entries stay listed; their owners unregister them.
                e.cx.unpark();
            }
        }
        self.notify_observers();
    }

    fn is_empty(&self) -> bool {
        self.selectors.is_empty() && self.observers.is_empty()
    }
}

/// A [`Waker`] shared by threads, with a lock-free "nobody waits" check.
pub(crate) struct SyncWaker {
    inner: Mutex<Waker>,
    /// `true` when both lists are empty. Written only under `inner`'s lock;
    /// read without it by notifiers, ordered by the `SeqCst` handshake in the
    /// module docs.
    is_empty: AtomicBool,
}

impl SyncWaker {
    pub(crate) fn new() -> SyncWaker {
        SyncWaker {
            inner: Mutex::new(Waker::default()),
            is_empty: AtomicBool::new(true),
        }
    }

    fn lock(&self) -> fearless_core::sync::MutexGuard<'_, Waker> {
        // A panic never happens while the lock is held (no user code runs
        // under it), so poisoning cannot occur; recover anyway.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers a waiting call, then fences: the caller must re-check the
    /// channel's state after this returns (see the module docs).
    pub(crate) fn register(&self, oper: Operation, cx: &Context) {
        let mut w = self.lock();
        w.register(oper, cx);
        // Relaxed: the lock orders it with other writers; the fence below
        // orders it with the notifiers' lock-free reads.
        self.is_empty.store(false, Ordering::Relaxed);
        drop(w);
        // SeqCst: the waiter's half of the store-buffering pair.
        fence(Ordering::SeqCst);
    }

    /// Registers a plain blocked call with its hand-off `slot` (see
    /// `handoff.rs`), then fences like `register`.
    pub(crate) fn register_with_slot(&self, oper: Operation, slot: *mut (), cx: &Context) {
        let mut w = self.lock();
        w.register_with_packet(oper, slot, cx);
        // Relaxed: as in `register`.
        self.is_empty.store(false, Ordering::Relaxed);
        drop(w);
        // SeqCst: as in `register`.
        fence(Ordering::SeqCst);
    }

    /// Whether a call may be waiting: a hint for peers that look for a
    /// hand-off, validated under the lock by [`SyncWaker::claim_slot`]. A
    /// stale answer only costs a hand-off; wake-ups never depend on it.
    #[inline]
    pub(crate) fn may_have_waiters(&self) -> bool {
        // Relaxed: a hint (see above).
        !self.is_empty.load(Ordering::Relaxed)
    }

    /// Claims a waiting call that offers a hand-off slot (see
    /// [`Waker::claim_slot`]).
    pub(crate) fn claim_slot(&self) -> Option<Entry> {
        let mut w = self.lock();
        let entry = w.claim_slot();
        if entry.is_some() {
            self.is_empty.store(w.is_empty(), Ordering::Relaxed);
        }
        entry
    }

    /// Removes a call that woke up without being selected by a peer.
    pub(crate) fn unregister(&self, oper: Operation, cx: &Context) {
        let mut w = self.lock();
        w.unregister(oper, cx);
        self.is_empty.store(w.is_empty(), Ordering::Relaxed);
    }

    /// Registers a `ready` observer, then fences like `register`.
    pub(crate) fn watch(&self, oper: Operation, cx: &Context) {
        let mut w = self.lock();
        w.watch(oper, cx);
        // Relaxed: as in `register`.
        self.is_empty.store(false, Ordering::Relaxed);
        drop(w);
        // SeqCst: as in `register`.
        fence(Ordering::SeqCst);
    }

    /// Removes a `ready` observer.
    pub(crate) fn unwatch(&self, oper: Operation, cx: &Context) {
        let mut w = self.lock();
        w.unwatch(oper, cx);
        self.is_empty.store(w.is_empty(), Ordering::Relaxed);
    }

    /// Called after the channel's state changed in the waiters' favour:
    /// wakes one selector and every observer, if there are any.
    ///
    /// The caller's state change must be a `SeqCst` read-modify-write (the
    /// flavors' CAS of `head`/`tail`) made before this call.
    #[inline]
    pub(crate) fn notify(&self) {
        // SeqCst: the notifier's half of the store-buffering pair. The
        // caller's state change is a SeqCst RMW sequenced before this load,
        // so both are in the single total order S: if the waiter's fence
        // comes first in S this load sees its `false`; otherwise the
        // waiter's SeqCst re-check after its fence sees the state change.
        // On x86 this is a plain load, where a fence would be an `mfence`
        // on every send and receive.
        //
        // Loom treats `SeqCst` accesses as merely `AcqRel` (a documented
        // gap that gives false alarms) but models `SeqCst` fences exactly,
        // so under loom the same pairing is expressed with a fence.
        #[cfg(loom)]
        fence(Ordering::SeqCst);
        if !self.is_empty.load(Ordering::SeqCst) {
            self.notify_slow();
        }
    }

    #[cold]
    fn notify_slow(&self) {
        let mut w = self.lock();
        // Re-check under the lock: another notifier may have emptied it.
        if !w.is_empty() {
            w.try_select();
            w.notify_observers();
            self.is_empty.store(w.is_empty(), Ordering::Relaxed);
        }
    }

    /// Wakes every waiting call with `Disconnected`.
    pub(crate) fn disconnect(&self) {
        let mut w = self.lock();
        w.disconnect();
        self.is_empty.store(w.is_empty(), Ordering::Relaxed);
    }
}
