//! The pool's loom model: a submit racing with shutdown.
//!
//! The behavioural tests (stress, panics, backpressure, shutdown, Drop) live
//! in `tests/pool.rs`; this file holds what must also run under loom.

use super::*;
use fearless_core::sync::atomic::AtomicUsize;

/// The channel the model runs on: loom can only see a channel built on the
/// `fearless_core::sync` shim.
type ModelChannel = crate::FearlessChannel;

#[test]
fn pool_shutdown_racing_with_submit_loses_no_job() {
    fearless_core::model(|| {
        let pool = Arc::new(
            PoolBuilder::<ModelChannel>::with_channel()
                .num_threads(1)
                .build()
                .unwrap(),
        );
        let ran = Arc::new(AtomicUsize::new(0));
        let submitter = {
            let pool = Arc::clone(&pool);
            let ran = Arc::clone(&ran);
            thread::spawn(move || {
                let job = move || ran.fetch_add(1, Ordering::Relaxed);
                match pool.submit(job) {
                    // Accepted: it must run, exactly once, and report back.
                    Ok(handle) => {
                        assert_eq!(handle.join().unwrap(), 0);
                        true
                    }
                    // Refused: the very job comes back, unrun.
                    Err(SubmitError(_job)) => false,
                }
            })
        };
        pool.shutdown();
        let accepted = submitter.join().unwrap();
        // Relaxed suffices: the join and shutdown's join of the worker order
        // the job's increment before this load.
        assert_eq!(ran.load(Ordering::Relaxed), usize::from(accepted));
    });
}
