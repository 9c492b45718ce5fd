//! The thread pool on real threads: join, scope, panics, shutdown.
#![cfg(not(loom))]

use fearless_par::{ThreadPool, ThreadPoolBuilder, join, join_context, scope};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

fn pool(n: usize) -> ThreadPool {
    ThreadPoolBuilder::new().num_threads(n).build().unwrap()
}

fn fib(n: u64) -> u64 {
    if n < 2 {
        return n;
    }
    let (a, b) = join(|| fib(n - 1), || fib(n - 2));
    a + b
}

const FIB_N: u64 = if cfg!(miri) { 8 } else { 22 };
const FIB_EXPECTED: u64 = if cfg!(miri) { 21 } else { 17711 };

#[test]
fn join_computes_fib_recursively_on_1_2_4_threads() {
    for n in [1, 2, 4] {
        assert_eq!(pool(n).install(|| fib(FIB_N)), FIB_EXPECTED, "{n} threads");
    }
}

#[test]
#[cfg_attr(miri, ignore)] // the global pool's threads outlive the test
fn join_outside_any_pool_uses_the_global_pool() {
    assert_eq!(fib(FIB_N), FIB_EXPECTED);
    let (a, b) = join(fearless_par::current_thread_index, || 1);
    assert!(a.is_some());
    assert_eq!(b, 1);
}

#[test]
fn join_context_a_does_not_migrate_inside_install() {
    let p = pool(2);
    // Called from outside the pool, `a` runs on a worker: it migrated.
    let (a_migrated, _) = p.install(|| join_context(|c| c.migrated(), |_| ()));
    assert!(
        !a_migrated,
        "install puts us on a worker, so a runs in place"
    );
}

#[test]
fn scope_spawns_borrow_stack_data() {
    let p = pool(2);
    let data: Vec<u64> = (0..100).collect();
    let total = AtomicUsize::new(0);
    let mut slots = [0u64; 10];
    p.install(|| {
        scope(|s| {
            for (i, slot) in slots.iter_mut().enumerate() {
                let data = &data;
                let total = &total;
                s.spawn(move |s| {
                    *slot = data[i * 10..(i + 1) * 10].iter().sum();
                    s.spawn(move |_| {
                        total.fetch_add(1, Ordering::Relaxed);
                    });
                });
            }
        })
    });
    assert_eq!(slots.iter().sum::<u64>(), data.iter().sum::<u64>());
    assert_eq!(total.load(Ordering::Relaxed), 10);
}

#[test]
fn join_panic_in_a_propagates_after_b_finished() {
    let p = pool(2);
    let b_done = AtomicBool::new(false);
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        p.join(
            || panic!("a fails"),
            || {
                std::thread::sleep(std::time::Duration::from_millis(if cfg!(miri) {
                    1
                } else {
                    20
                }));
                b_done.store(true, Ordering::SeqCst);
            },
        )
    }));
    assert!(result.is_err());
    assert!(
        b_done.load(Ordering::SeqCst),
        "b finished before the panic left join"
    );
}

#[test]
fn join_panic_in_b_propagates_after_a_finished() {
    let p = pool(2);
    let a_done = AtomicBool::new(false);
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        p.join(
            || a_done.store(true, Ordering::SeqCst),
            || panic!("b fails"),
        )
    }));
    let payload = result.unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"b fails"));
    assert!(a_done.load(Ordering::SeqCst));
}

#[test]
fn scope_panic_propagates_after_all_jobs_finished() {
    let p = pool(2);
    let finished = AtomicUsize::new(0);
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        p.scope(|s| {
            for _ in 0..4 {
                s.spawn(|_| {
                    finished.fetch_add(1, Ordering::SeqCst);
                });
            }
            s.spawn(|_| panic!("job fails"));
        })
    }));
    assert!(result.is_err());
    assert_eq!(finished.load(Ordering::SeqCst), 4);
}

#[test]
fn pool_survives_panics() {
    let p = pool(2);
    for _ in 0..5 {
        let r = panic::catch_unwind(AssertUnwindSafe(|| p.join(|| panic!("x"), || 1)));
        assert!(r.is_err());
        let r = panic::catch_unwind(AssertUnwindSafe(|| p.install(|| panic!("y"))));
        assert!(r.is_err());
        p.spawn(|| panic!("spawned"));
    }
    assert_eq!(p.install(|| fib(10)), 55);
    // All five spawned panics are counted once the pool is drained.
    let p2 = p;
    let count = {
        let (tx, rx) = std::sync::mpsc::channel();
        p2.spawn(move || tx.send(()).unwrap());
        rx.recv().unwrap();
        p2.panic_count()
    };
    assert!(count <= 5);
    drop(p2);
}

#[test]
fn spawn_panics_reach_the_handler_and_are_counted() {
    let seen = Arc::new(AtomicUsize::new(0));
    let s2 = Arc::clone(&seen);
    let p = ThreadPoolBuilder::new()
        .num_threads(1)
        .panic_handler(move |_| {
            s2.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .unwrap();
    for _ in 0..3 {
        p.spawn(|| panic!("spawned"));
    }
    // One worker runs jobs in FIFO order from the injector: after this one
    // ran, the three before it have.
    let (tx, rx) = std::sync::mpsc::channel();
    p.spawn(move || tx.send(()).unwrap());
    rx.recv().unwrap();
    assert_eq!(p.panic_count(), 3);
    assert_eq!(seen.load(Ordering::SeqCst), 3);
}

#[test]
fn zero_threads_means_automatic() {
    let p = ThreadPoolBuilder::new().num_threads(0).build().unwrap();
    let expected = std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    assert_eq!(p.current_num_threads(), expected);
}

#[test]
fn start_and_exit_handlers_run_once_per_worker() {
    let started = Arc::new(AtomicUsize::new(0));
    let (exit_tx, exit_rx) = std::sync::mpsc::channel();
    let exit_tx = std::sync::Mutex::new(exit_tx);
    let s = Arc::clone(&started);
    let p = ThreadPoolBuilder::new()
        .num_threads(3)
        .start_handler(move |_| {
            s.fetch_add(1, Ordering::SeqCst);
        })
        .exit_handler(move |i| exit_tx.lock().unwrap().send(i).unwrap())
        .build()
        .unwrap();
    // A job that runs after every worker started: `broadcast`-free check
    // that handlers ran before jobs, on each worker.
    p.install(|| ());
    drop(p);
    let mut exited: Vec<usize> = exit_rx.iter().collect();
    exited.sort_unstable();
    assert_eq!(exited, vec![0, 1, 2]);
    assert_eq!(started.load(Ordering::SeqCst), 3);
}

#[test]
fn yield_runs_a_pending_job_of_the_worker() {
    let p = pool(1);
    let ran = AtomicBool::new(false);
    p.install(|| {
        scope(|s| {
            s.spawn(|_| ran.store(true, Ordering::SeqCst));
            // The spawned job sits on this (only) worker's deque.
            assert_eq!(fearless_par::current_thread_has_pending_tasks(), Some(true));
            assert_eq!(
                fearless_par::yield_local(),
                Some(fearless_par::Yield::Executed)
            );
            assert!(ran.load(Ordering::SeqCst));
            assert_eq!(fearless_par::yield_now(), Some(fearless_par::Yield::Idle));
        })
    });
    assert_eq!(p.yield_now(), None);
}

#[test]
fn builder_names_threads() {
    let p = ThreadPoolBuilder::new()
        .num_threads(2)
        .thread_name(|i| format!("fp-{i}"))
        .build()
        .unwrap();
    let name = p.install(|| std::thread::current().name().map(str::to_owned));
    assert!(name.unwrap().starts_with("fp-"));
}

#[test]
fn drop_loses_no_queued_job() {
    let jobs = if cfg!(miri) { 10 } else { 1000 };
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let p = pool(2);
        for i in 0..jobs {
            let tx = tx.clone();
            p.spawn(move || tx.send(i).unwrap());
        }
    }
    drop(tx);
    // Every job runs exactly once, after the pool handle is gone.
    let mut seen: Vec<usize> = rx.iter().collect();
    seen.sort_unstable();
    assert_eq!(seen, (0..jobs).collect::<Vec<_>>());
}

/// Dropping a pool returns while one of its jobs still runs (rayon's
/// behaviour): the job below can only finish after `drop` returned, so a
/// waiting `drop` would hang this test.
#[test]
#[cfg_attr(miri, ignore)] // under Miri `drop` joins its workers (see `ThreadPool`)
fn drop_does_not_wait_for_running_jobs() {
    let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let p = pool(1);
    p.spawn(move || {
        go_rx.recv().unwrap();
        done_tx.send(()).unwrap();
    });
    drop(p);
    go_tx.send(()).unwrap();
    done_rx.recv().unwrap();
}

/// A worker of one pool blocked in another pool's `install` keeps running
/// its own pool's jobs: here the inner operation needs a job of the outer
/// (one-thread) pool to finish, which only the blocked worker can run.
#[test]
fn nested_install_across_pools_does_not_deadlock() {
    let outer = pool(1);
    let inner = pool(1);
    let (tx, rx) = std::sync::mpsc::channel();
    let got = outer.install(|| {
        outer.spawn(move || tx.send(42).unwrap());
        inner.install(move || {
            // Waits for the outer pool's job: the outer worker must run it.
            loop {
                if let Ok(v) = rx.try_recv() {
                    return v;
                }
                std::thread::yield_now();
            }
        })
    });
    assert_eq!(got, 42);
}

#[test]
fn install_runs_on_the_pool() {
    let p = pool(3);
    let index = p.install(fearless_par::current_thread_index).unwrap();
    assert!(index < 3);
    assert_eq!(p.install(fearless_par::current_num_threads), 3);
    assert_eq!(p.current_thread_index(), None);
}

#[test]
fn install_from_another_pool_blocks_and_returns() {
    let outer = pool(1);
    let inner = pool(2);
    let v = outer.install(|| inner.install(|| fib(10)));
    assert_eq!(v, 55);
}

#[test]
fn many_external_callers_at_once() {
    let p = pool(2);
    let callers = if cfg!(miri) { 3 } else { 8 };
    let rounds = if cfg!(miri) { 2 } else { 200 };
    std::thread::scope(|s| {
        for t in 0..callers {
            let p = &p;
            s.spawn(move || {
                for r in 0..rounds {
                    let (a, b) = p.join(move || t * 1000 + r, move || r);
                    assert_eq!((a, b), (t * 1000 + r, r));
                    assert_eq!(p.install(|| fib(6)), 8);
                }
            });
        }
    });
}

#[test]
fn executor_trait_runs_jobs() {
    use fearless_core::Executor;
    let p = pool(2);
    let (tx, rx) = std::sync::mpsc::channel();
    for i in 0..10 {
        let tx = tx.clone();
        p.execute_job(Box::new(move || tx.send(i).unwrap()))
            .unwrap();
    }
    drop(tx);
    let mut got: Vec<i32> = rx.iter().collect();
    got.sort_unstable();
    assert_eq!(got, (0..10).collect::<Vec<_>>());
    assert_eq!(Executor::num_threads(&p), 2);
}

#[test]
fn stress_join_tags_every_leaf_exactly_once() {
    let p = pool(4);
    let n = if cfg!(miri) { 64 } else { 1 << 14 };
    let hits: Vec<AtomicUsize> = (0..n).map(|_| AtomicUsize::new(0)).collect();
    fn visit(hits: &[AtomicUsize]) {
        if hits.len() == 1 {
            hits[0].fetch_add(1, Ordering::Relaxed);
            return;
        }
        let (l, r) = hits.split_at(hits.len() / 2);
        join(|| visit(l), || visit(r));
    }
    for _ in 0..if cfg!(miri) { 1 } else { 5 } {
        p.install(|| visit(&hits));
    }
    let rounds = if cfg!(miri) { 1 } else { 5 };
    assert!(hits.iter().all(|h| h.load(Ordering::Relaxed) == rounds));
}

#[test]
fn broadcast_runs_once_on_every_worker_in_order() {
    let p = pool(3);
    let hits: Vec<AtomicUsize> = (0..3).map(|_| AtomicUsize::new(0)).collect();
    let got = p.broadcast(|ctx| {
        assert_eq!(ctx.num_threads(), 3);
        assert_eq!(fearless_par::current_thread_index(), Some(ctx.index()));
        hits[ctx.index()].fetch_add(1, Ordering::SeqCst);
        ctx.index() * 10
    });
    assert_eq!(got, vec![0, 10, 20]);
    for h in &hits {
        assert_eq!(h.load(Ordering::SeqCst), 1);
    }
}

#[test]
fn broadcast_panic_propagates_after_every_copy_ran() {
    let p = pool(2);
    let ran = AtomicUsize::new(0);
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        p.broadcast(|ctx| {
            ran.fetch_add(1, Ordering::SeqCst);
            if ctx.index() == 1 {
                panic!("copy 1");
            }
        })
    }));
    assert!(caught.is_err());
    assert_eq!(ran.load(Ordering::SeqCst), 2);
}

#[test]
fn in_place_scope_runs_the_body_here_and_waits_for_jobs() {
    let p = pool(2);
    let me = std::thread::current().id();
    let total = AtomicUsize::new(0);
    let body_thread = p.in_place_scope(|s| {
        for i in 0..10 {
            let total = &total;
            s.spawn(move |_| {
                total.fetch_add(i, Ordering::SeqCst);
            });
        }
        std::thread::current().id()
    });
    assert_eq!(body_thread, me);
    assert_eq!(total.load(Ordering::SeqCst), 45);
}

#[test]
fn spawn_fifo_on_one_thread_runs_in_spawn_order() {
    let p = pool(1);
    let (tx, rx) = std::sync::mpsc::channel();
    p.install(|| {
        for i in 0..20 {
            let tx = tx.clone();
            fearless_par::spawn_fifo(move || tx.send(i).unwrap());
        }
    });
    drop(tx);
    assert_eq!(rx.iter().collect::<Vec<_>>(), (0..20).collect::<Vec<_>>());
}
