//! The worker pool's behaviour on real threads, for every channel implementation:
//! exactly-once delivery under stress, panics, backpressure, shutdown, Drop.
#![cfg(not(loom))]

use fearless_channels::FearlessChannel;
use fearless_channels::pool::{
    JobError, PoolBuilder, PoolError, SubmitError, TryExecuteError, WorkerPool,
};
use fearless_core::channel::{ChannelImpl, CrossbeamChannel, StdMpsc};
use fearless_core::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use fearless_core::sync::{Arc, Barrier, thread};
use fearless_core::{Executor, Rejected};

const SUBMITTERS: usize = if cfg!(miri) { 2 } else { 4 };
const JOBS_PER_SUBMITTER: usize = if cfg!(miri) { 20 } else { 2_000 };

fn pool<F: ChannelImpl>(threads: usize, cap: Option<usize>) -> WorkerPool<F> {
    let b = PoolBuilder::<F>::with_channel().num_threads(threads);
    match cap {
        Some(c) => b.queue_capacity(c),
        None => b,
    }
    .build()
    .unwrap()
}

/// A job that counts one run in `ran`.
fn bump(ran: &Arc<AtomicUsize>) -> impl FnOnce() + Send + 'static {
    let ran = Arc::clone(ran);
    move || {
        ran.fetch_add(1, Ordering::Relaxed);
    }
}

/// Runs `check` for every channel implementation the pool supports, ours first.
macro_rules! for_each_channel {
    ($check:ident) => {{
        $check::<FearlessChannel>();
        // Miri is there for unsafe code, and of the three only our channel
        // has any (the pool has none): the others run natively only, which
        // keeps the crate's Miri run within minutes.
        if !cfg!(miri) {
            $check::<CrossbeamChannel>();
            $check::<StdMpsc>();
        }
    }};
}

fn every_job_runs_exactly_once<F: ChannelImpl>() {
    for cap in [None, Some(1), Some(16)] {
        let pool = Arc::new(pool::<F>(3, cap));
        let hits: Arc<Vec<AtomicU8>> = Arc::new(
            (0..SUBMITTERS * JOBS_PER_SUBMITTER)
                .map(|_| AtomicU8::new(0))
                .collect(),
        );
        let submitters: Vec<_> = (0..SUBMITTERS)
            .map(|p| {
                let pool = Arc::clone(&pool);
                let hits = Arc::clone(&hits);
                thread::spawn(move || {
                    let mut handles = Vec::new();
                    for seq in 0..JOBS_PER_SUBMITTER {
                        // Tag = (submitter, sequence), flattened.
                        let tag = p * JOBS_PER_SUBMITTER + seq;
                        let hits = Arc::clone(&hits);
                        let job = move || hits[tag].fetch_add(1, Ordering::Relaxed);
                        if seq % 2 == 0 {
                            pool.execute(move || {
                                job();
                            })
                            .unwrap();
                        } else {
                            handles.push(pool.submit(move || (tag, job())).unwrap());
                        }
                    }
                    for h in handles {
                        let (tag, before) = h.join().unwrap();
                        assert_eq!(before, 0, "job {tag} ran twice");
                    }
                })
            })
            .collect();
        for s in submitters {
            s.join().unwrap();
        }
        pool.shutdown();
        for (tag, h) in hits.iter().enumerate() {
            assert_eq!(h.load(Ordering::Relaxed), 1, "job {tag} with {}", F::NAME);
        }
    }
}

#[test]
fn stress_every_job_runs_exactly_once() {
    for_each_channel!(every_job_runs_exactly_once);
}

fn panics_are_caught<F: ChannelImpl>() {
    // One worker: if a panic killed it, nothing after it would run.
    let pool = pool::<F>(1, None);
    let ran = Arc::new(AtomicUsize::new(0));
    // Unwinding is slow under Miri: fewer panics there.
    let jobs = if cfg!(miri) { 4 } else { 10 };
    let mut handles = Vec::new();
    for i in 0..jobs {
        let ran = Arc::clone(&ran);
        handles.push(
            pool.submit(move || {
                if i % 2 == 0 {
                    panic!("job {i} fails");
                }
                ran.fetch_add(1, Ordering::Relaxed);
                i
            })
            .unwrap(),
        );
        pool.execute(|| panic!("detached job fails")).unwrap();
    }
    for (i, h) in handles.into_iter().enumerate() {
        match h.join() {
            Ok(v) => assert_eq!(v, i),
            Err(e) => {
                assert_eq!(i % 2, 0);
                assert!(e.is_panic());
                let msg = format!("job {i} fails");
                assert_eq!(e.panic_message(), Some(msg.as_str()));
                assert_eq!(e.to_string(), format!("the job panicked: {msg}"));
            }
        }
    }
    // Still alive after every panic (half the submitted jobs and every
    // detached one).
    assert_eq!(pool.submit(|| 5).unwrap().join().unwrap(), 5);
    pool.shutdown();
    assert_eq!(ran.load(Ordering::Relaxed), jobs / 2);
    assert_eq!(pool.panicked_jobs(), jobs / 2 + jobs);
}

#[test]
fn panicking_job_does_not_kill_worker() {
    for_each_channel!(panics_are_caught);
}

#[test]
fn panic_payload_is_handed_back() {
    let pool = WorkerPool::new(1).unwrap();
    let err = pool
        .submit(|| std::panic::panic_any(17u32))
        .unwrap()
        .join()
        .unwrap_err();
    assert_eq!(err.panic_message(), None);
    assert!(matches!(&err, JobError::Panicked(_)));
    assert_eq!(*err.into_panic().unwrap().downcast::<u32>().unwrap(), 17);
}

fn backpressure<F: ChannelImpl>() {
    let pool = pool::<F>(1, Some(2));
    let meet = Arc::new(Barrier::new(2));
    let busy = Arc::clone(&meet);
    pool.execute(move || {
        busy.wait(); // the worker has started
        busy.wait(); // and stays busy until released
    })
    .unwrap();
    meet.wait();
    let ran = Arc::new(AtomicUsize::new(0));
    pool.try_execute(bump(&ran)).unwrap();
    pool.try_execute(bump(&ran)).unwrap();
    let back = pool.try_execute(bump(&ran)).unwrap_err();
    assert!(back.is_full(), "{back:?} with {}", F::NAME);
    meet.wait();
    // The job that came back is the one we passed: run it ourselves.
    back.into_inner()();
    pool.shutdown();
    assert_eq!(ran.load(Ordering::Relaxed), 3);
}

#[test]
fn try_execute_hands_the_job_back_when_the_queue_is_full() {
    for_each_channel!(backpressure);
}

fn shutdown_semantics<F: ChannelImpl>() {
    let pool = pool::<F>(2, Some(4));
    let ran = Arc::new(AtomicUsize::new(0));
    for _ in 0..50 {
        let ran = Arc::clone(&ran);
        pool.execute(move || {
            thread::yield_now();
            ran.fetch_add(1, Ordering::Relaxed);
        })
        .unwrap();
    }
    assert!(!pool.is_shut_down());
    pool.shutdown();
    assert!(pool.is_shut_down());
    // Every accepted job ran before shutdown returned.
    assert_eq!(ran.load(Ordering::Relaxed), 50);
    // Afterwards every way in refuses and hands the job back.
    let marker = Arc::new(AtomicUsize::new(0));
    let SubmitError(back) = pool.execute(bump(&marker)).unwrap_err();
    assert_eq!(marker.load(Ordering::Relaxed), 0);
    back();
    assert_eq!(marker.load(Ordering::Relaxed), 1);
    let SubmitError(back) = pool.submit(|| 2).unwrap_err();
    assert_eq!(back(), 2);
    match pool.try_execute(|| ()) {
        Err(TryExecuteError::ShutDown(back)) => back(),
        other => panic!("expected ShutDown, got {other:?}"),
    }
    let refused: Rejected = pool.execute_job(Box::new(|| ())).unwrap_err();
    refused.into_inner()();
    // Idempotent.
    pool.shutdown();
}

#[test]
fn shutdown_finishes_accepted_jobs_and_refuses_new_ones() {
    for_each_channel!(shutdown_semantics);
}

fn submit_races_shutdown<F: ChannelImpl>() {
    for _ in 0..if cfg!(miri) { 2 } else { 50 } {
        let pool = Arc::new(pool::<F>(2, Some(2)));
        let ran = Arc::new(AtomicUsize::new(0));
        let submitters: Vec<_> = (0..3)
            .map(|_| {
                let pool = Arc::clone(&pool);
                let ran = Arc::clone(&ran);
                thread::spawn(move || {
                    let mut accepted = 0;
                    while pool.execute(bump(&ran)).is_ok() {
                        accepted += 1;
                    }
                    accepted
                })
            })
            .collect();
        thread::yield_now();
        pool.shutdown();
        let accepted: usize = submitters.into_iter().map(|s| s.join().unwrap()).sum();
        assert_eq!(ran.load(Ordering::Relaxed), accepted, "with {}", F::NAME);
    }
}

#[test]
fn stress_submit_racing_shutdown_loses_no_job() {
    for_each_channel!(submit_races_shutdown);
}

#[test]
fn zero_threads_or_zero_capacity_is_an_error() {
    assert!(matches!(WorkerPool::new(0), Err(PoolError::ZeroThreads)));
    assert!(matches!(
        WorkerPool::builder().num_threads(0).build(),
        Err(PoolError::ZeroThreads)
    ));
    let err = WorkerPool::builder().queue_capacity(0).build().unwrap_err();
    assert!(matches!(err, PoolError::ZeroQueueCapacity));
    assert_eq!(
        err.to_string(),
        "a worker pool's queue capacity must be at least one"
    );
    // The default thread count is the available parallelism, at least one.
    assert!(WorkerPool::builder().build().unwrap().num_threads() >= 1);
}

#[test]
fn drop_runs_accepted_jobs_and_joins_workers() {
    let ran = Arc::new(AtomicUsize::new(0));
    let pool = WorkerPool::builder()
        .num_threads(2)
        .thread_name_prefix("dropper")
        .build()
        .unwrap();
    let names = pool
        .submit(|| thread::current().name().unwrap().to_owned())
        .unwrap();
    assert!(names.join().unwrap().starts_with("dropper-"));
    for _ in 0..100 {
        pool.execute(bump(&ran)).unwrap();
    }
    drop(pool);
    // Drop joined the workers, so every job is done and its clone of `ran`
    // is gone.
    assert_eq!(ran.load(Ordering::Relaxed), 100);
    assert_eq!(Arc::strong_count(&ran), 1);
}

#[test]
fn a_job_may_drop_the_last_handle_to_its_own_pool() {
    let pool = Arc::new(WorkerPool::new(2).unwrap());
    let handed_over = Arc::new(Barrier::new(2));
    let finished = Arc::new(Barrier::new(2));
    let inner = Arc::clone(&pool);
    let (h, f) = (Arc::clone(&handed_over), Arc::clone(&finished));
    pool.execute(move || {
        h.wait();
        // The caller's handle is gone: this drop shuts the pool down from
        // one of its own workers, which must not try to join itself.
        drop(inner);
        f.wait();
    })
    .unwrap();
    drop(pool);
    handed_over.wait();
    finished.wait();
}

#[test]
fn the_pool_is_an_executor() {
    fn run_on(exec: &dyn Executor, n: usize) -> Arc<AtomicUsize> {
        let done = Arc::new(AtomicUsize::new(0));
        for _ in 0..n {
            exec.execute_job(Box::new(bump(&done))).unwrap();
        }
        assert_eq!(exec.num_threads(), 3);
        done
    }
    let pool = WorkerPool::new(3).unwrap();
    let done = run_on(&pool, 20);
    drop(pool);
    assert_eq!(done.load(Ordering::Relaxed), 20);
}
