//! What a blocked thread leaves behind so that others can wake it.
//!
//! A [`Context`] belongs to one blocking call (a `send`, a `recv`, or a whole
//! `select`). The blocked thread registers it in the waiter lists of the
//! channels it waits on, then parks. Whoever makes one of its operations
//! possible *selects* it: a single compare-and-swap of `select` from
//! `WAITING` to the operation's id. Exactly one party wins that race (a
//! peer, a disconnect, or the waiter itself giving up at its deadline), so a
//! waiter is never handed two messages, and a message is never handed to a
//! waiter that has already left.
//!
//! When a timed wait is over is decided in `deadline.rs`; short spin-waits
//! on a running peer back off with `backoff.rs`.
//!
//! Models: every blocking model of `tests/models.rs` (a waiter's context is
//! selected exactly once: `receive_timeout_*`, `rendezvous_timeout_*`,
//! `handoff_never_reaches_a_select_*`).

use crate::backoff::Backoff;
use crate::brief_wait::BriefWait;
use crate::deadline::Deadline;
use fearless_core::sync::Arc;
use fearless_core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};
use fearless_core::sync::thread::{self, Thread, ThreadId};
use std::ptr;

/// The identity of one operation of one blocking call: unique within its
/// [`Context`] (a waiter list matches entries by context *and* operation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Operation(usize);

impl Operation {
    /// The operation at `index` in a select (or 0 for a plain send/recv).
    pub(crate) fn new(index: usize) -> Operation {
        // 0 to 3 encode the other states of `Selected`.
        Operation(index + 4)
    }

    /// The index this operation was created from.
    pub(crate) fn index(self) -> usize {
        self.0 - 4
    }
}

/// The state of a blocking call, as stored in [`Context`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Selected {
    /// Nobody has selected the call yet.
    Waiting,
    /// The call gave up (deadline) or found its operation ready by itself.
    Aborted,
    /// A channel the call waits on was disconnected.
    Disconnected,
    /// A peer made this operation possible (and, for a rendezvous, already
    /// paired with it).
    Operation(Operation),
    /// A plain `send`/`recv` on a bounded channel that listed itself with a
    /// hand-off slot: the peer that selected it completes the operation
    /// through the slot (see `handoff.rs`); the waiter waits for the slot's
    /// outcome.
    Handoff,
}

impl From<usize> for Selected {
    fn from(v: usize) -> Selected {
        match v {
            0 => Selected::Waiting,
            1 => Selected::Aborted,
            2 => Selected::Disconnected,
            3 => Selected::Handoff,
            n => Selected::Operation(Operation(n)),
        }
    }
}

impl From<Selected> for usize {
    fn from(s: Selected) -> usize {
        match s {
            Selected::Waiting => 0,
            Selected::Aborted => 1,
            Selected::Disconnected => 2,
            Selected::Handoff => 3,
            Selected::Operation(Operation(n)) => n,
        }
    }
}

/// A blocked call's mailbox; cheap to clone (one `Arc`).
#[derive(Clone)]
pub(crate) struct Context {
    inner: Arc<Inner>,
}

struct Inner {
    /// A `Selected`, written once from `Waiting` by whoever wins the CAS.
    select: AtomicUsize,
    /// For a rendezvous in select: the packet of the peer that selected us.
    packet: AtomicPtr<()>,
    thread: Thread,
    thread_id: ThreadId,
}

impl Context {
    /// A fresh context for the current thread.
    pub(crate) fn new() -> Context {
        let thread = thread::current();
        let thread_id = thread.id();
        Context {
            inner: Arc::new(Inner {
                select: AtomicUsize::new(Selected::Waiting.into()),
                packet: AtomicPtr::new(ptr::null_mut()),
                thread,
                thread_id,
            }),
        }
    }

    /// This thread's context for one blocking call, reset to `Waiting`.
    /// Each thread keeps one in a thread-local and reuses it when no waiter
    /// list still holds a clone, so a blocking call allocates nothing in
    /// the common case. Under loom every call gets a fresh one.
    pub(crate) fn cached() -> CachedContext {
        #[cfg(not(loom))]
        {
            let reused = CACHE
                .try_with(|c| c.take())
                .ok()
                .flatten()
                .and_then(Context::reset);
            CachedContext(Some(reused.unwrap_or_else(Context::new)))
        }
        #[cfg(loom)]
        {
            CachedContext(Some(Context::new()))
        }
    }

    /// The context, back to `Waiting`, if this is its only handle.
    #[cfg(not(loom))]
    fn reset(mut self) -> Option<Context> {
        // `get_mut` acquires every other handle's release of its clone, so
        // whatever they did to the context happens before our reset.
        let inner = Arc::get_mut(&mut self.inner)?;
        *inner.select.get_mut() = Selected::Waiting.into();
        *inner.packet.get_mut() = ptr::null_mut();
        Some(self)
    }

    /// Tries to move the call from `Waiting` to `select`; on failure returns
    /// what was selected first.
    pub(crate) fn try_select(&self, select: Selected) -> Result<(), Selected> {
        // AcqRel: the winner's earlier writes (a rendezvous packet pointer,
        // a disconnect flag) are released to the waiter, which acquires them
        // in `wait_until`; the loser acquires the winner's choice.
        self.inner
            .select
            .compare_exchange(
                Selected::Waiting.into(),
                select.into(),
                Ordering::AcqRel,
                Ordering::Acquire,
            )
            .map(|_| ())
            .map_err(Selected::from)
    }

    /// The thread that owns this context (a thread never pairs with itself
    /// in a rendezvous).
    pub(crate) fn thread_id(&self) -> ThreadId {
        self.inner.thread_id
    }

    /// Hands the selected call the rendezvous packet it will use. Called by
    /// the winner of `try_select`, before `unpark`.
    pub(crate) fn store_packet(&self, packet: *mut ()) {
        if !packet.is_null() {
            // Release: pairs with the Acquire in `wait_packet`, publishing
            // the packet's initialization.
            self.inner.packet.store(packet, Ordering::Release);
        }
    }

    /// Waits for the packet stored by the peer that selected us. The peer
    /// stores it right after winning `try_select`, so this wait is short.
    pub(crate) fn wait_packet(&self) -> *mut () {
        let backoff = Backoff::new();
        loop {
            // Acquire: pairs with the Release in `store_packet`.
            let packet = self.inner.packet.load(Ordering::Acquire);
            if !packet.is_null() {
                return packet;
            }
            backoff.snooze();
        }
    }

    /// Whether two handles name the same context.
    pub(crate) fn ptr_eq(&self, other: &Context) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    /// Whether nobody has selected this call yet.
    pub(crate) fn is_waiting(&self) -> bool {
        // Acquire: a peer that selected the call published its writes
        // with its CAS; this is only a hint, re-checked by `try_select`.
        self.inner.select.load(Ordering::Acquire) == usize::from(Selected::Waiting)
    }

    /// Wakes the thread that owns this context.
    pub(crate) fn unpark(&self) {
        self.inner.thread.unpark();
    }

    /// Waits until the call is selected or the deadline passes; at the
    /// deadline it tries to select `Aborted` itself, and returns whichever
    /// selection won.
    ///
    /// It first stays awake for a brief wait (a few spins, then yields
    /// until [`crate::brief_wait::BriefWait`] says enough), re-reading
    /// `select` after each step, and only then parks: a peer that selects
    /// the call meanwhile costs neither side a futex call (its `unpark` only
    /// sets a token, which a later `park` consumes at once; every park loop
    /// tolerates that).
    pub(crate) fn wait_until(&self, deadline: &mut Deadline) -> Selected {
        self.wait_until_with(deadline, BriefWait::new())
    }

    /// [`Context::wait_until`], going on with a brief wait that began
    /// before the call was listed.
    pub(crate) fn wait_until_with(
        &self,
        deadline: &mut Deadline,
        mut brief: BriefWait,
    ) -> Selected {
        loop {
            // Acquire: pairs with the AcqRel CAS of whoever selected us, so
            // everything they did before selecting is visible now.
            let sel = Selected::from(self.inner.select.load(Ordering::Acquire));
            if sel != Selected::Waiting {
                return sel;
            }
            if deadline.has_passed() {
                return match self.try_select(Selected::Aborted) {
                    Ok(()) => Selected::Aborted,
                    Err(first) => first,
                };
            }
            if !brief.step() {
                deadline.park();
            }
        }
    }
}

#[cfg(not(loom))]
thread_local! {
    /// The context of this thread's last blocking call, for reuse.
    static CACHE: std::cell::Cell<Option<Context>> = const { std::cell::Cell::new(None) };
}

/// A [`Context`] borrowed from the thread's cache; given back on drop.
pub(crate) struct CachedContext(Option<Context>);

impl std::ops::Deref for CachedContext {
    type Target = Context;

    fn deref(&self) -> &Context {
        self.0.as_ref().expect("present until drop")
    }
}

impl Drop for CachedContext {
    fn drop(&mut self) {
        #[cfg(not(loom))]
        if let Some(cx) = self.0.take() {
            // Fails only while the thread is being torn down: then it drops.
            let _ = CACHE.try_with(|c| c.set(Some(cx)));
        }
    }
}
