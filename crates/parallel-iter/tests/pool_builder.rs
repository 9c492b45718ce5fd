//! `ThreadPoolBuilder` as rayon-core has it: spawn handlers and
//! `ThreadBuilder`, scoped pools, `use_current_thread`, automatic thread
//! counts, and the scope's `spawn_broadcast`. In the spirit of rayon-core's
//! `tests/scoped_threadpool.rs`, `tests/use_current_thread.rs` and its
//! thread-pool and scope unit tests.
#![cfg(not(loom))]

use fearless_par::{ThreadBuilder, ThreadPoolBuilder, scope, scope_fifo};
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Condvar, Mutex};
use std::thread::{self, JoinHandle};

#[test]
fn spawn_handler_starts_every_worker_with_its_index_name_and_stack_size() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let handles = Arc::new(Mutex::new(Vec::new()));
    let (s, h) = (Arc::clone(&seen), Arc::clone(&handles));
    let pool = ThreadPoolBuilder::new()
        .num_threads(3)
        .thread_name(|i| format!("custom-{i}"))
        .stack_size(1 << 20)
        .spawn_handler(move |thread: ThreadBuilder| {
            s.lock().unwrap().push((
                thread.index(),
                thread.name().map(str::to_owned),
                thread.stack_size(),
            ));
            let mut b = thread::Builder::new();
            if let Some(name) = thread.name() {
                b = b.name(name.to_owned());
            }
            h.lock().unwrap().push(b.spawn(|| thread.run())?);
            Ok(())
        })
        .build()
        .unwrap();
    let mut names = pool.broadcast(|_| thread::current().name().unwrap().to_owned());
    names.sort();
    assert_eq!(names, ["custom-0", "custom-1", "custom-2"]);
    let mut seen = seen.lock().unwrap().clone();
    seen.sort();
    let expected: Vec<_> = (0..3)
        .map(|i| (i, Some(format!("custom-{i}")), Some(1 << 20)))
        .collect();
    assert_eq!(seen, expected);
    // `run` returns once the pool is dropped: the threads can be joined.
    drop(pool);
    for handle in std::mem::take(&mut *handles.lock().unwrap()) {
        handle.join().unwrap();
    }
}

#[test]
fn spawn_handler_error_fails_the_build_and_started_workers_exit() {
    let handles: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
    let h = Arc::clone(&handles);
    let exited = Arc::new(AtomicUsize::new(0));
    let e = Arc::clone(&exited);
    let result = ThreadPoolBuilder::new()
        .num_threads(4)
        .exit_handler(move |_| {
            e.fetch_add(1, Ordering::SeqCst);
        })
        .spawn_handler(move |thread| {
            if thread.index() == 2 {
                return Err(std::io::Error::other("no thread for you"));
            }
            h.lock().unwrap().push(thread::spawn(|| thread.run()));
            Ok(())
        })
        .build();
    let err = result.unwrap_err();
    assert!(err.to_string().contains("no thread for you"), "{err}");
    let handles = std::mem::take(&mut *handles.lock().unwrap());
    assert_eq!(handles.len(), 2);
    for handle in handles {
        handle.join().unwrap();
    }
    assert_eq!(exited.load(Ordering::SeqCst), 2);
}

#[test]
#[cfg_attr(miri, ignore)] // a huge stack is refused by the OS, not by Miri
fn failed_thread_stack_fails_the_build() {
    let started = Arc::new(AtomicUsize::new(0));
    let exited = Arc::new(AtomicUsize::new(0));
    let (s, e) = (Arc::clone(&started), Arc::clone(&exited));
    let result = ThreadPoolBuilder::new()
        .num_threads(10)
        .stack_size(isize::MAX as usize)
        .start_handler(move |_| {
            s.fetch_add(1, Ordering::SeqCst);
        })
        .exit_handler(move |_| {
            e.fetch_add(1, Ordering::SeqCst);
        })
        .build();
    assert!(result.is_err(), "a thread with that stack should not start");
    // The failed build joined whatever it started.
    assert!(started.load(Ordering::SeqCst) <= 1);
    assert_eq!(
        started.load(Ordering::SeqCst),
        exited.load(Ordering::SeqCst)
    );
}

thread_local!(static LOCAL: Cell<Option<&'static str>> = const { Cell::new(None) });

#[test]
fn build_scoped_workers_run_inside_the_wrapper() {
    let tag = String::from("borrowed");
    let tag: &str = &tag;
    let result = ThreadPoolBuilder::new()
        .num_threads(2)
        .build_scoped(
            |thread| {
                // The wrapper borrows `tag` from this stack frame: only a
                // scoped pool allows that.
                assert!(!tag.is_empty());
                LOCAL.set(Some("in pool"));
                thread.run();
            },
            |pool| {
                assert_eq!(LOCAL.get(), None, "the caller is not in the pool");
                pool.broadcast(|_| LOCAL.get())
            },
        )
        .unwrap();
    assert_eq!(result, [Some("in pool"); 2]);
}

#[test]
fn spawn_handler_with_scoped_threads() {
    let data = [1, 2, 3];
    let sum = thread::scope(|scope| {
        let pool = ThreadPoolBuilder::new()
            .num_threads(2)
            .spawn_handler(|thread| {
                thread::Builder::new().spawn_scoped(scope, || thread.run())?;
                Ok(())
            })
            .build()
            .unwrap();
        pool.install(|| data.iter().sum::<i32>())
        // `pool` is dropped here, so the scope's threads exit and are joined.
    });
    assert_eq!(sum, 6);
}

#[test]
fn use_current_thread_makes_the_caller_worker_0() {
    let handles: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
    let h = Arc::clone(&handles);
    // A thread of our own, so that its worker registration ends with it.
    thread::spawn(move || {
        let pool = ThreadPoolBuilder::new()
            .num_threads(2)
            .use_current_thread()
            .spawn_handler(move |builder| {
                h.lock().unwrap().push(thread::spawn(|| builder.run()));
                Ok(())
            })
            .build()
            .unwrap();
        assert_eq!(fearless_par::current_thread_index(), Some(0));
        assert_eq!(pool.current_thread_index(), Some(0));
        assert_eq!(handles.lock().unwrap().len(), 1, "one thread spawned");

        let again = ThreadPoolBuilder::new()
            .num_threads(2)
            .use_current_thread()
            .build();
        let err = again.unwrap_err();
        assert!(err.to_string().contains("already part of a thread pool"));

        // Worker 1 runs spawned jobs while worker 0 (this thread) blocks.
        let pair = Arc::new((Mutex::new(false), Condvar::new()));
        let pair2 = Arc::clone(&pair);
        pool.spawn(move || {
            assert_eq!(fearless_par::current_thread_index(), Some(1));
            *pair2.0.lock().unwrap() = true;
            pair2.1.notify_one();
        });
        drop(
            pair.1
                .wait_while(pair.0.lock().unwrap(), |ran| !*ran)
                .unwrap(),
        );

        // This thread takes part in the pool's work while it waits.
        let on_both = pool.broadcast(|ctx| ctx.index());
        assert_eq!(on_both, [0, 1]);
        assert_eq!(pool.install(|| fearless_par::join(|| 1, || 2)), (1, 2));
        drop(pool);
        for handle in std::mem::take(&mut *handles.lock().unwrap()) {
            handle.join().unwrap();
        }
    })
    .join()
    .unwrap();
}

#[test]
fn use_current_thread_fails_on_a_worker() {
    let pool = ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let err = pool
        .install(|| {
            ThreadPoolBuilder::new()
                .num_threads(1)
                .use_current_thread()
                .build()
        })
        .unwrap_err();
    assert!(!err.is_global_already_initialized());
}

/// Runs this test binary again with `RAYON_NUM_THREADS` set, running only
/// `num_threads_from_env_child` (setting the variable here would race with
/// the other tests of this process).
#[test]
#[cfg_attr(miri, ignore)] // no processes under Miri
fn num_threads_zero_honours_rayon_num_threads() {
    for (var, value, expected) in [("RAYON_NUM_THREADS", "3", 3), ("RAYON_RS_NUM_CPUS", "5", 5)] {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "num_threads_from_env_child",
                "--ignored",
                "--quiet",
            ])
            .env_remove("RAYON_NUM_THREADS")
            .env(var, value)
            .env("EXPECTED_THREADS", expected.to_string())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{var}={value}: {stdout}");
        assert!(stdout.contains("1 passed"), "the child test ran: {stdout}");
    }
}

#[test]
#[ignore = "run by num_threads_zero_honours_rayon_num_threads"]
fn num_threads_from_env_child() {
    let expected: usize = std::env::var("EXPECTED_THREADS").unwrap().parse().unwrap();
    let pool = ThreadPoolBuilder::new().num_threads(0).build().unwrap();
    assert_eq!(pool.current_num_threads(), expected);
    let pool = ThreadPoolBuilder::new().build().unwrap();
    assert_eq!(pool.current_num_threads(), expected);
}

#[test]
fn builder_debug_shows_settings_and_hides_closures() {
    let b = ThreadPoolBuilder::new()
        .num_threads(2)
        .thread_name(|i| format!("t{i}"));
    let text = format!("{b:?}");
    assert!(text.contains("num_threads: 2"), "{text}");
    assert!(text.contains("get_thread_name: Some(<closure>)"), "{text}");
    assert!(text.contains("panic_handler: None"), "{text}");
    let b = b.spawn_handler(|t| {
        thread::spawn(|| t.run());
        Ok(())
    });
    assert!(format!("{b:?}").starts_with("ThreadPoolBuilder"));
}

#[test]
#[allow(deprecated)]
fn breadth_first_runs_own_jobs_oldest_first() {
    let pool = ThreadPoolBuilder::new()
        .num_threads(1)
        .breadth_first()
        .build()
        .unwrap();
    let order = Mutex::new(Vec::new());
    pool.scope(|s| {
        for i in 0..6 {
            let order = &order;
            s.spawn(move |_| order.lock().unwrap().push(i));
        }
    });
    assert_eq!(order.into_inner().unwrap(), [0, 1, 2, 3, 4, 5]);
}

#[test]
fn scope_spawn_broadcast_runs_once_per_worker() {
    let pool = ThreadPoolBuilder::new().num_threads(4).build().unwrap();
    let sum = AtomicUsize::new(0);
    let n = pool.install(|| {
        scope(|s| {
            s.spawn_broadcast(|_, ctx| {
                assert_eq!(ctx.num_threads(), 4);
                sum.fetch_add(ctx.index(), Ordering::Relaxed);
            });
            fearless_par::current_num_threads()
        })
    });
    assert_eq!(sum.into_inner(), n * (n - 1) / 2);
}

#[test]
fn scope_fifo_spawn_broadcast_runs_once_per_worker() {
    let pool = ThreadPoolBuilder::new().num_threads(3).build().unwrap();
    let sum = AtomicUsize::new(0);
    pool.install(|| {
        scope_fifo(|s| {
            s.spawn_broadcast(|_, ctx| {
                sum.fetch_add(ctx.index(), Ordering::Relaxed);
            });
        })
    });
    assert_eq!(sum.into_inner(), 3);
}

#[test]
fn scope_spawn_broadcast_nested() {
    let pool = ThreadPoolBuilder::new().num_threads(3).build().unwrap();
    let sum = AtomicUsize::new(0);
    pool.scope(|s| {
        s.spawn_broadcast(|s, _| {
            s.spawn_broadcast(|_, ctx| {
                sum.fetch_add(ctx.index(), Ordering::Relaxed);
            });
        });
    });
    // Each of the 3 outer copies broadcast indices 0 + 1 + 2.
    assert_eq!(sum.into_inner(), 3 * 3);
}

#[test]
fn scope_spawn_broadcast_copies_run_at_once_on_every_worker() {
    // Every copy waits for all the others and for the body: this only ends
    // if each worker runs its own copy while the body (outside the pool)
    // waits too.
    let barrier = Barrier::new(4);
    let pool = ThreadPoolBuilder::new().num_threads(3).build().unwrap();
    pool.in_place_scope(|s| {
        s.spawn_broadcast(|_, _| {
            barrier.wait();
        });
        barrier.wait();
    });
}

#[test]
fn scope_spawn_broadcast_panic_propagates_after_every_copy_ran() {
    for panicking in [&[2][..], &[0, 2, 4]] {
        let count = AtomicUsize::new(0);
        let pool = ThreadPoolBuilder::new().num_threads(5).build().unwrap();
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            pool.scope(|s| {
                s.spawn_broadcast(|_, ctx| {
                    count.fetch_add(1, Ordering::Relaxed);
                    if panicking.contains(&ctx.index()) {
                        panic!("copy {} fails", ctx.index());
                    }
                });
            });
        }));
        assert!(result.is_err(), "the panic propagates");
        assert_eq!(count.into_inner(), 5);
    }
}
