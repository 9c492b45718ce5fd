//! Short spin-waits on a peer that is running, made visible to loom.

#[cfg(loom)]
use fearless_core::sync::thread;

/// crossbeam-utils' exponential backoff, for short waits on a peer that is
/// running (a writer between reserving and publishing a slot, a rendezvous
/// or hand-off partner between claiming and completing). Blocking calls wait
/// with `brief_wait.rs` instead. Under loom every step is a yield to the
/// model's scheduler, so such spin-waits terminate.
pub(crate) struct Backoff {
    #[cfg(not(loom))]
    inner: crossbeam_utils::Backoff,
}

impl Backoff {
    pub(crate) fn new() -> Backoff {
        Backoff {
            #[cfg(not(loom))]
            inner: crossbeam_utils::Backoff::new(),
        }
    }

    /// Backs off in a lock-free retry loop (lost a CAS race).
    #[inline]
    pub(crate) fn spin(&self) {
        #[cfg(not(loom))]
        self.inner.spin();
        #[cfg(loom)]
        thread::yield_now();
    }

    /// Backs off while waiting for another thread to make progress.
    #[inline]
    pub(crate) fn snooze(&self) {
        #[cfg(not(loom))]
        self.inner.snooze();
        #[cfg(loom)]
        thread::yield_now();
    }
}
