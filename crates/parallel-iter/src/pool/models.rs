//! Loom models of the pool's own synchronization (plain unit tests without
//! `--cfg loom`). Each is kept to one or two workers and a handful of jobs.

use super::join::join_context_in;
use super::registry::unstarted_for_model;
use super::scope::scope_in;
use super::{ThreadPool, ThreadPoolBuilder, current_thread_index};
use fearless_core::sync::{
    Arc, Condvar, Mutex,
    atomic::{AtomicUsize, Ordering},
    thread,
};

fn pool(n: usize) -> ThreadPool {
    ThreadPoolBuilder::new().num_threads(n).build().unwrap()
}

/// The model's own thread is worker 0 and calls `join`; worker 1 (a
/// second thread) may steal `b`. Whoever ran `b`, the joiner returns its
/// result (the latch publishes it), `migrated()` says truly whether it was
/// stolen, and a joiner that fell asleep waiting is woken by the latch.
#[test]
fn join_latch_joiner_sees_stolen_result() {
    fearless_core::model(|| {
        let (registry, mut slots) = unstarted_for_model(2);
        let thief_slot = slots.pop().unwrap();
        let owner_slot = slots.pop().unwrap();
        let thief = thread::spawn(move || thief_slot.run_main_loop());
        let (a, (migrated, ran_on, value)) = owner_slot.run_as(|worker| {
            join_context_in(
                worker,
                false,
                |_| 1u32,
                |ctx| (ctx.migrated(), current_thread_index(), vec![7u32]),
            )
        });
        registry.terminate();
        thief.join().unwrap();
        assert_eq!(a, 1);
        assert_eq!(value, vec![7]);
        assert_eq!(migrated, ran_on == Some(1));
    });
}

/// A scope's owner (worker 0) waits for a spawned job that worker 1 may
/// steal: it returns only after the job's write, which it then sees.
#[test]
fn scope_owner_sees_writes_of_stolen_job() {
    fearless_core::model(|| {
        let (registry, mut slots) = unstarted_for_model(2);
        let thief_slot = slots.pop().unwrap();
        let owner_slot = slots.pop().unwrap();
        let thief = thread::spawn(move || thief_slot.run_main_loop());
        let mut slot = 0u32;
        owner_slot.run_as(|worker| {
            scope_in(worker, |s| {
                s.spawn(|_| slot = 5);
            })
        });
        registry.terminate();
        thief.join().unwrap();
        assert_eq!(slot, 5);
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
