//! Loom models of the pool's own synchronization (plain unit tests without
//! `--cfg loom`). Each is kept to one or two workers and a handful of jobs.

use super::{ThreadPool, ThreadPoolBuilder};
use fearless_core::sync::{
    Arc, Condvar, Mutex,
    atomic::{AtomicUsize, Ordering},
};

fn pool(n: usize) -> ThreadPool {
    ThreadPoolBuilder::new().num_threads(n).build().unwrap()
}

/// With two workers `b` may be stolen: whichever thread ran it, the joiner
/// returns its result (the latch publishes it), and the owner, possibly
/// asleep while the thief works, is woken by the latch.
#[test]
fn join_latch_joiner_sees_stolen_result() {
    fearless_core::model(|| {
        let p = pool(2);
        let (a, b) = p.join(|| 1u32, || vec![7u32]);
        assert_eq!(a, 1);
        assert_eq!(b, vec![7]);
    });
}

/// A job injected while the only worker goes to sleep is still run: the
/// external waiter blocks until the job signals, so a lost wake-up is a
/// deadlock that loom reports.
#[test]
fn idle_worker_wakes_for_job_pushed_while_it_falls_asleep() {
    fearless_core::model(|| {
        let p = pool(1);
        let done = Arc::new((Mutex::new(false), Condvar::new()));
        let signal = Arc::clone(&done);
        p.spawn(move || {
            let (lock, cvar) = &*signal;
            *lock.lock().unwrap() = true;
            cvar.notify_one();
        });
        let (lock, cvar) = &*done;
        let mut ran = lock.lock().unwrap();
        while !*ran {
            ran = cvar.wait(ran).unwrap();
        }
        drop(ran);
        drop(p);
    });
}

/// Dropping a pool with queued jobs runs every one of them, then joins the
/// worker (which releases its references to the jobs' data).
#[test]
fn drop_runs_queued_jobs_then_joins_workers() {
    fearless_core::model(|| {
        let ran = Arc::new(AtomicUsize::new(0));
        let p = pool(1);
        for _ in 0..2 {
            let ran = Arc::clone(&ran);
            p.spawn(move || {
                // Relaxed: read after the worker is joined, which orders it.
                ran.fetch_add(1, Ordering::Relaxed);
            });
        }
        drop(p);
        assert_eq!(ran.load(Ordering::Relaxed), 2);
        assert_eq!(Arc::strong_count(&ran), 1);
    });
}
