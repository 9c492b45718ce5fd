//! Tickets: a guest's promoted frame, claimed by whoever comes first.
//!
//! A guest (`guest.rs`) promotes a frame by putting it on the shared
//! injector, from which it cannot take the frame back. If no worker has
//! taken it by the time the guest's left half returns (on a VM a sleeping
//! worker needs tens of microseconds to wake), waiting for one would make
//! the join slower than running both halves here. So the injector gets a
//! *ticket* instead of the frame: a shared cell holding the frame and a
//! `claimed` flag. The worker that pops the ticket and the guest whose left
//! half returned both try to claim it; exactly one wins and runs the frame.
//! A worker that loses drops the ticket, whose memory (on the heap, shared
//! by the two) outlives both.
//!
//! Models: `src/pool/models.rs`
//! (`guest_reclaims_or_a_worker_runs_the_promoted_frame_once`, loom).

#![cfg_attr(any(feature = "rayon", miri), allow(dead_code))]

use super::job::{Job, JobRef};
use fearless_core::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
    cell::UnsafeCell,
};

/// A promoted frame that either the guest or one worker runs.
pub(super) struct Ticket {
    claimed: AtomicBool,
    /// The frame; taken only by the thread that won the claim.
    frame: UnsafeCell<Option<JobRef>>,
}

// SAFETY: `frame` is touched only by the single thread that won the claim
// (`claim`'s compare-exchange succeeds once), and a `JobRef` is `Send`.
unsafe impl Sync for Ticket {}
// SAFETY: as above; the ticket only moves the `Send` frame between threads.
unsafe impl Send for Ticket {}

impl Ticket {
    pub(super) fn new(frame: JobRef) -> Arc<Ticket> {
        Arc::new(Ticket {
            claimed: AtomicBool::new(false),
            frame: UnsafeCell::new(Some(frame)),
        })
    }

    /// Whether this caller won the frame (exactly one caller does).
    pub(super) fn claim(&self) -> bool {
        // AcqRel: the winner alone touches the frame afterwards, and the two
        // claims must be one RMW each in the flag's order. The frame's
        // contents were published by the injector's push, not by this flag.
        self.claimed
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    /// The queue's reference to `ticket`: executing it claims the ticket
    /// and, if that wins, runs the frame.
    pub(super) fn into_job_ref(ticket: Arc<Ticket>) -> JobRef {
        // SAFETY: the pointer owns one reference to the ticket, given back
        // by `execute`, so the ticket lives until the job has run; the
        // frame it may run is the guest's, kept alive until its latch is
        // set or the guest claimed it (see `guest_join_recorded`).
        unsafe { JobRef::new(Arc::into_raw(ticket)) }
    }
}

impl Job for Ticket {
    unsafe fn execute(this: *const Self) {
        // SAFETY: `this` came from `Arc::into_raw` in `into_job_ref`, and a
        // job is executed once: we take that reference back.
        let ticket = unsafe { Arc::from_raw(this) };
        if ticket.claim() {
            // SAFETY: we won the claim, so no other thread touches `frame`.
            let frame = ticket.frame.with_mut(|f| unsafe { (*f).take() });
            if let Some(frame) = frame {
                // SAFETY: the guest waits on the frame's latch because it
                // lost the claim, so the frame is alive until it has run.
                unsafe { frame.execute() }
            }
        }
    }
}
