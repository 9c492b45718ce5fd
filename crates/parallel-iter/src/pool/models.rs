//! Loom models of the pool's own synchronization (plain unit tests without
//! `--cfg loom`). Each is kept to one or two workers and a handful of jobs.

use super::guest::{Guest, guest_join_context};
use super::join::{join_context_in, join_recorded};
use super::registry::{WorkerThread, unstarted_for_model};
use super::scope::scope_in;
use super::{ThreadPool, ThreadPoolBuilder, current_thread_index};
use fearless_core::sync::{
    Arc, Condvar, Mutex,
    atomic::{AtomicBool, AtomicUsize, Ordering},
    thread,
};

/// Yields until `flag` is set: a left half that can only finish once
/// another thread ran the right half, so a model deadlocks (and loom
/// reports it) unless that right half was really made stealable.
fn wait_for(flag: &AtomicBool) {
    // Acquire: pairs with the Release store of the thread that sets it.
    while !flag.load(Ordering::Acquire) {
        thread::yield_now();
    }
}

fn pool(n: usize) -> ThreadPool {
    ThreadPoolBuilder::new().num_threads(n).build().unwrap()
}

/// The model's own thread is worker 0 and calls `join` with no heartbeat
/// due: `b` stays a private pending frame, so worker 1 (running its main
/// loop, stealing whatever it can) never sees it, and the joiner runs it
/// inline, not migrated.
#[test]
fn unpromoted_frame_stays_private_to_its_owner() {
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
        assert_eq!((migrated, ran_on), (false, Some(0)));
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

/// A scope's owner (worker 0) spawns a broadcast: one copy in each
/// worker's inbox, so worker 1's copy runs only on worker 1 (which may be
/// asleep when it is queued). The owner runs its own copy while it waits,
/// returns only after both copies finished, and sees both writes.
#[test]
fn broadcast_scope_owner_waits_for_every_copy() {
    fearless_core::model(|| {
        let (registry, mut slots) = unstarted_for_model(2);
        let other_slot = slots.pop().unwrap();
        let owner_slot = slots.pop().unwrap();
        let other = thread::spawn(move || other_slot.run_main_loop());
        let hits = [AtomicUsize::new(0), AtomicUsize::new(0)];
        owner_slot.run_as(|worker| {
            scope_in(worker, |s| {
                s.spawn_broadcast(|_, ctx| {
                    // Relaxed: the scope's count (Release per copy, Acquire
                    // in the owner) must order it before the loads below.
                    hits[ctx.index()].fetch_add(1, Ordering::Relaxed);
                });
            })
        });
        // Relaxed on purpose: only the scope's synchronization may make the
        // copies' increments visible here (loom would show a stale 0).
        let seen = hits.each_ref().map(|h| h.load(Ordering::Relaxed));
        assert_eq!(seen, [1, 1]);
        registry.terminate();
        other.join().unwrap();
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
/// worker (which releases its references to the jobs' data). Joining is
/// what `drop` does under loom and Miri only; on real threads it returns at
/// once (tests/pool.rs checks that no queued job is lost there).
#[test]
#[cfg(any(loom, miri))]
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
        // Relaxed: `drop` joined the worker, which orders its increments
        // before this load.
        assert_eq!(ran.load(Ordering::Relaxed), 2);
        assert_eq!(Arc::strong_count(&ran), 1);
    });
}

/// The whole path from outside: `ThreadPool::join` injects the join into a
/// two-worker pool and blocks on its latch; either worker may run `a`, and
/// the other may steal `b`. The caller gets both results. Three threads:
/// bounded to one preemption to stay at seconds (the two-thread models
/// above cover the latch with the default bound).
#[test]
fn external_join_on_two_workers_returns_both_results() {
    fearless_core::model_with_preemptions(Some(1), || {
        let p = pool(2);
        let (a, b) = p.join(|| 1u32, || vec![7u32]);
        assert_eq!((a, b), (1, vec![7]));
    });
}

/// The heartbeat promotes the right half of a join (the oldest pending
/// frame) onto the owner's deque; the owner, done with `a`, races worker 1
/// for it: it pops it back and runs it inline, or the thief runs it while
/// the owner waits on its latch. Either way `b` runs exactly once, its
/// result reaches the owner, and `migrated()` tells the truth.
#[test]
fn promoted_frame_runs_once_whether_popped_back_or_stolen() {
    fearless_core::model(|| {
        let (registry, mut slots) = unstarted_for_model(2);
        let thief_slot = slots.pop().unwrap();
        let owner_slot = slots.pop().unwrap();
        let thief = thread::spawn(move || thief_slot.run_main_loop());
        let runs = AtomicUsize::new(0);
        let (a, (migrated, ran_on, value)) = owner_slot.run_as(|worker| {
            worker.frames().force_heartbeat();
            join_context_in(
                worker,
                false,
                |_| 1u32,
                |ctx| {
                    // Relaxed: read after the join, which orders it.
                    runs.fetch_add(1, Ordering::Relaxed);
                    (ctx.migrated(), current_thread_index(), vec![7u32])
                },
            )
        });
        registry.terminate();
        thief.join().unwrap();
        assert_eq!((a, value), (1, vec![7]));
        assert_eq!(runs.load(Ordering::Relaxed), 1);
        assert_eq!(migrated, ran_on == Some(1));
    });
}

/// A heartbeat during a nested join promotes the *oldest* pending frame
/// (the outer `b`), not the newest: the inner `d` stays private and runs
/// inline on the owner, while the outer `b` may be stolen.
#[test]
fn heartbeat_promotes_the_oldest_frame_not_the_newest() {
    fearless_core::model_with_preemptions(Some(1), || {
        let (registry, mut slots) = unstarted_for_model(2);
        let thief_slot = slots.pop().unwrap();
        let owner_slot = slots.pop().unwrap();
        let thief = thread::spawn(move || thief_slot.run_main_loop());
        let ((c, d_where), b_where) = owner_slot.run_as(|worker| {
            join_context_in(
                worker,
                false,
                |_| {
                    let worker = WorkerThread::current().unwrap();
                    worker.frames().force_heartbeat();
                    join_context_in(
                        worker,
                        false,
                        |_| 3u32,
                        |ctx| (ctx.migrated(), current_thread_index()),
                    )
                },
                |ctx| (ctx.migrated(), current_thread_index()),
            )
        });
        registry.terminate();
        thief.join().unwrap();
        assert_eq!(c, 3);
        assert_eq!(d_where, (false, Some(0)), "the newer frame stayed private");
        assert_eq!(b_where.0, b_where.1 == Some(1));
    });
}

/// A thread outside the pool (a guest) promotes its join's right half to
/// the injector as a ticket; the pool's only worker pops it while the
/// guest's left half runs. Either the worker wins the claim and runs `b`
/// (migrated) while the guest blocks on its signal, and the guest wakes (a
/// lost wake-up would be a deadlock loom reports), or the guest claims it
/// back and runs `b` itself. `b` runs exactly once either way, and the
/// ticket is freed (loom reports a leaked `Arc`). Across the explored
/// executions both outcomes occur, or the model fails.
#[test]
fn guest_reclaims_or_a_worker_runs_the_promoted_frame_once() {
    // Outside the model (loom runs every execution on this OS thread):
    // which outcomes some execution reached, as (reclaimed, ran on worker).
    thread_local! {
        static OUTCOMES: std::cell::Cell<(bool, bool)> = const { std::cell::Cell::new((false, false)) };
    }
    fearless_core::model(|| {
        let (registry, mut slots) = unstarted_for_model(1);
        let worker_slot = slots.pop().unwrap();
        let worker = thread::spawn(move || worker_slot.run_main_loop());
        let guest = Guest::new();
        guest.force_heartbeat();
        let runs = AtomicUsize::new(0);
        let (a, (migrated, value)) = guest_join_context(
            &registry,
            &guest,
            |_| 1u32,
            |ctx| {
                // Relaxed: counted, then read after both threads are done.
                runs.fetch_add(1, Ordering::Relaxed);
                (ctx.migrated(), vec![9u32])
            },
        );
        registry.terminate();
        worker.join().unwrap();
        assert_eq!((a, value), (1, vec![9]));
        assert_eq!(runs.load(Ordering::Relaxed), 1, "b ran exactly once");
        OUTCOMES.with(|seen| {
            let (reclaimed, on_worker) = seen.get();
            seen.set((reclaimed || !migrated, on_worker || migrated));
        });
    });
    // Without loom's exploration a single run reaches only one outcome.
    if cfg!(loom) {
        let (reclaimed, on_worker) = OUTCOMES.with(std::cell::Cell::get);
        assert!(reclaimed, "no execution reclaimed");
        assert!(on_worker, "no execution ran b on the worker");
    }
}

/// A paced loop's beat split (`join_recorded` with `offer`) with no older
/// frame pending makes its own right half stealable at once: `a` does not
/// return until worker 1 has run `b`, so the model deadlocks unless `b`
/// was offered before `a` began. `b` runs exactly once, on the thief,
/// migrated, and its result reaches the owner.
#[test]
fn beat_split_offers_right_half_at_once_and_runs_it_once() {
    fearless_core::model(|| {
        let (registry, mut slots) = unstarted_for_model(2);
        let thief_slot = slots.pop().unwrap();
        let owner_slot = slots.pop().unwrap();
        let thief = thread::spawn(move || thief_slot.run_main_loop());
        let runs = AtomicUsize::new(0);
        let b_done = AtomicBool::new(false);
        let (a, (migrated, ran_on, value)) = owner_slot.run_as(|worker| {
            join_recorded(
                worker,
                false,
                true,
                |_| {
                    wait_for(&b_done);
                    1u32
                },
                |ctx| {
                    // Relaxed: read after the join, which orders it.
                    runs.fetch_add(1, Ordering::Relaxed);
                    // Release: pairs with `wait_for`'s Acquire.
                    b_done.store(true, Ordering::Release);
                    (ctx.migrated(), current_thread_index(), vec![7u32])
                },
            )
        });
        registry.terminate();
        thief.join().unwrap();
        assert_eq!((a, value), (1, vec![7]));
        assert_eq!(runs.load(Ordering::Relaxed), 1);
        assert_eq!((migrated, ran_on), (true, Some(1)));
    });
}

/// A beat split under an older pending frame promotes the older one (the
/// outer join's `b`, the bigger piece) first: the inner `d` stays private
/// and runs inline on the owner, not migrated, while the inner left half
/// does not return until worker 1 has run the outer `b` (a deadlock loom
/// reports unless that one was offered).
#[test]
fn beat_split_under_an_older_frame_promotes_the_older_one_first() {
    fearless_core::model(|| {
        let (registry, mut slots) = unstarted_for_model(2);
        let thief_slot = slots.pop().unwrap();
        let owner_slot = slots.pop().unwrap();
        let thief = thread::spawn(move || thief_slot.run_main_loop());
        let b_done = AtomicBool::new(false);
        let ((c, d_where), b_where) = owner_slot.run_as(|worker| {
            join_context_in(
                worker,
                false,
                |_| {
                    let worker = WorkerThread::current().unwrap();
                    join_recorded(
                        worker,
                        false,
                        true,
                        |_| {
                            wait_for(&b_done);
                            3u32
                        },
                        |ctx| (ctx.migrated(), current_thread_index()),
                    )
                },
                |ctx| {
                    // Release: pairs with `wait_for`'s Acquire.
                    b_done.store(true, Ordering::Release);
                    (ctx.migrated(), current_thread_index())
                },
            )
        });
        registry.terminate();
        thief.join().unwrap();
        assert_eq!(c, 3);
        assert_eq!(d_where, (false, Some(0)), "the newer frame stayed private");
        assert_eq!(b_where, (true, Some(1)), "the older frame was offered");
    });
}
