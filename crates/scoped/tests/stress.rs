//! Every operation against its sequential result, over random sizes, chunk
//! sizes, thread counts, schedules and thread scopes; every item tagged and
//! counted so that "exactly once" is checked, not assumed.
#![cfg(not(loom))]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::time::Duration;

use fearless_atomics::StopFlag;
use fearless_scoped::{IndexedError, ItemPanic, Parallel, Schedule, ThreadScope};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const ROUNDS: usize = if cfg!(miri) { 4 } else { 150 };
const MAX_LEN: usize = if cfg!(miri) { 40 } else { 3_000 };

/// A random configuration. Half of them start threads at once (threshold
/// zero) so that small inputs exercise the parallel path too.
fn random_config(rng: &mut StdRng) -> Parallel<'static> {
    let mut b = Parallel::builder()
        .threads(rng.gen_range(1..=5))
        .schedule(if rng.gen_bool(0.5) {
            Schedule::Dynamic
        } else {
            Schedule::Static
        })
        .thread_scope(if rng.gen_bool(0.5) {
            ThreadScope::Std
        } else {
            ThreadScope::Crossbeam
        });
    if rng.gen_bool(0.5) {
        b = b.chunk(rng.gen_range(1..=64));
    }
    if rng.gen_bool(0.5) {
        b = b.inline_threshold(Duration::ZERO);
    } else if rng.gen_bool(0.5) {
        // Tiny threshold: the probe hands over part-way.
        b = b.inline_threshold(Duration::from_nanos(500));
    }
    b.build().unwrap()
}

fn counters(len: usize) -> Vec<AtomicU32> {
    (0..len).map(|_| AtomicU32::new(0)).collect()
}

fn assert_each_once(counts: &[AtomicU32], what: &str) {
    for (i, c) in counts.iter().enumerate() {
        assert_eq!(c.load(Ordering::Relaxed), 1, "{what}: item {i}");
    }
}

#[test]
fn map_and_for_each_match_sequential() {
    let mut rng = StdRng::seed_from_u64(0x5c0_9ed);
    for _ in 0..ROUNDS {
        let par = random_config(&mut rng);
        let len = rng.gen_range(0..MAX_LEN);
        let data: Vec<u64> = (0..len as u64).map(|i| i * 7 + 3).collect();

        let mapped = par.map(&data, |&x| x * x + 1);
        let expected: Vec<u64> = data.iter().map(|&x| x * x + 1).collect();
        assert_eq!(mapped, expected, "{par:?} len {len}");

        let counts = counters(len);
        par.for_each(&data, |&x| {
            counts[((x - 3) / 7) as usize].fetch_add(1, Ordering::Relaxed);
        });
        assert_each_once(&counts, "for_each");

        let tried: Result<Vec<u64>, IndexedError<()>> = par.try_map(&data, |&x| Ok(x + 1));
        assert_eq!(
            tried.unwrap(),
            data.iter().map(|x| x + 1).collect::<Vec<_>>()
        );
        let counts = counters(len);
        par.try_for_each(&data, |&x| {
            counts[((x - 3) / 7) as usize].fetch_add(1, Ordering::Relaxed);
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_each_once(&counts, "try_for_each");
    }
}

#[test]
#[cfg_attr(
    miri,
    ignore = "too slow for the interpreter; the other stress tests cover the same paths under Miri"
)]
fn mut_and_chunk_operations_touch_each_item_once() {
    let mut rng = StdRng::seed_from_u64(0xc4_0c5);
    for _ in 0..ROUNDS {
        let par = random_config(&mut rng);
        let len = rng.gen_range(0..MAX_LEN);

        let mut data: Vec<usize> = (0..len).collect();
        par.for_each_mut(&mut data, |x| *x = *x * 2 + 1);
        assert!(
            data.iter().enumerate().all(|(i, &x)| x == 2 * i + 1),
            "{par:?}"
        );

        let counts = counters(len);
        let data: Vec<usize> = (0..len).collect();
        par.chunks(&data, |start, chunk| {
            assert!(!chunk.is_empty());
            if let Some(n) = par.chunk_size() {
                assert_eq!(start % n, 0);
                assert!(chunk.len() <= n);
            }
            for (k, &x) in chunk.iter().enumerate() {
                assert_eq!(x, start + k);
                counts[x].fetch_add(1, Ordering::Relaxed);
            }
        });
        assert_each_once(&counts, "chunks");

        let mut data = vec![0usize; len];
        par.chunks_mut(&mut data, |start, chunk| {
            for (k, x) in chunk.iter_mut().enumerate() {
                *x += start + k + 1;
            }
        });
        assert!(data.iter().enumerate().all(|(i, &x)| x == i + 1), "{par:?}");
    }
}

#[test]
fn probe_hand_over_keeps_results_in_order() {
    // Items slow enough that the default threshold is crossed part-way,
    // so the run is part inline, part threaded.
    let data: Vec<u32> = (0..if cfg!(miri) { 20 } else { 400 }).collect();
    let slow = |&x: &u32| {
        let mut h = u64::from(x);
        for _ in 0..2_000 {
            h = std::hint::black_box(h.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
        (x, h)
    };
    let expected: Vec<_> = data.iter().map(slow).collect();
    for schedule in [Schedule::Dynamic, Schedule::Static] {
        let par = Parallel::builder()
            .threads(3)
            .schedule(schedule)
            .build()
            .unwrap();
        assert_eq!(par.map(&data, slow), expected);
    }
}

#[test]
fn an_error_is_reported_with_its_index() {
    let mut rng = StdRng::seed_from_u64(0xe_44);
    for _ in 0..ROUNDS {
        let par = random_config(&mut rng);
        let len = rng.gen_range(1..MAX_LEN);
        let bad = rng.gen_range(0..len);
        let data: Vec<usize> = (0..len).collect();
        let ran = AtomicUsize::new(0);
        let err = par
            .try_map(&data, |&x| {
                ran.fetch_add(1, Ordering::Relaxed);
                if x == bad {
                    Err(format!("bad {x}"))
                } else {
                    Ok(x)
                }
            })
            .unwrap_err();
        assert_eq!(err.index, bad, "{par:?}");
        assert_eq!(err.error, format!("bad {bad}"));
        assert!(ran.load(Ordering::Relaxed) <= len);

        let err = par
            .try_for_each(&data, |&x| if x == bad { Err(x) } else { Ok(()) })
            .unwrap_err();
        assert_eq!((err.index, err.error), (bad, bad));
    }
}

#[test]
fn with_several_errors_one_of_them_is_reported() {
    let mut rng = StdRng::seed_from_u64(0x5e_7e);
    for _ in 0..ROUNDS {
        let par = random_config(&mut rng);
        let len = rng.gen_range(1..MAX_LEN);
        let data: Vec<usize> = (0..len).collect();
        let every = rng.gen_range(1..50);
        let err = par
            .try_for_each(&data, |&x| if x % every == 0 { Err(x) } else { Ok(()) })
            .unwrap_err();
        assert_eq!(err.index % every, 0);
        assert_eq!(err.error, err.index);
    }
}

fn panic_index(run: impl FnOnce()) -> (usize, Option<String>) {
    let payload = catch_unwind(AssertUnwindSafe(run)).expect_err("the run should panic");
    let p = payload
        .downcast::<ItemPanic>()
        .expect("payload is an ItemPanic");
    (p.index, p.message().map(str::to_owned))
}

#[test]
fn a_panic_is_reraised_with_its_index() {
    let mut rng = StdRng::seed_from_u64(0x9a_11c);
    // Silence the per-panic report of the default hook for this test run.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for _ in 0..ROUNDS / 3 {
        let par = random_config(&mut rng);
        let len = rng.gen_range(1..MAX_LEN);
        let bad = rng.gen_range(0..len);
        let data: Vec<usize> = (0..len).collect();

        let (index, msg) = panic_index(|| {
            par.for_each(&data, |&x| assert_ne!(x, bad, "boom"));
        });
        assert_eq!(index, bad, "{par:?}");
        assert!(msg.unwrap().contains("boom"));

        let (index, _) = panic_index(|| {
            par.map(&data, |&x| if x == bad { panic!("at {x}") } else { x });
        });
        assert_eq!(index, bad);

        let mut owned = data.clone();
        let (index, _) = panic_index(|| {
            par.for_each_mut(&mut owned, |x| assert_ne!(*x, bad));
        });
        assert_eq!(index, bad);

        // Chunk functions report the chunk's first index.
        let (index, _) = panic_index(|| {
            par.chunks(&data, |start, chunk| {
                assert!(!chunk.contains(&bad), "chunk from {start}");
            });
        });
        assert!(index <= bad, "{par:?}");
        if let Some(n) = par.chunk_size() {
            assert_eq!(index, bad / n * n);
        }

        // try_* re-raise panics too.
        let (index, _) = panic_index(|| {
            let _ = par.try_for_each(&data, |&x| {
                if x == bad {
                    panic!("panic at {x}");
                }
                Ok::<(), ()>(())
            });
        });
        assert_eq!(index, bad);
    }
    std::panic::set_hook(hook);
}

#[test]
fn the_shared_stop_flag_is_raised_by_a_failure() {
    let stop = StopFlag::new();
    let par = Parallel::builder()
        .threads(2)
        .inline_threshold(Duration::ZERO)
        .stop_flag(&stop)
        .build()
        .unwrap();
    let data: Vec<u32> = (0..500).collect();
    par.try_for_each(&data, |_| Ok::<(), ()>(())).unwrap();
    assert!(!stop.is_stopped());
    let err = par
        .try_for_each(&data, |&x| {
            if x == 250 {
                return Err(true);
            }
            // Items that see the flag give up with a different error,
            // which must not replace the first.
            if stop.is_stopped() {
                Err(false)
            } else {
                Ok(())
            }
        })
        .unwrap_err();
    assert_eq!((err.index, err.error), (250, true));
    assert!(stop.is_stopped());
}

#[test]
fn zero_sized_and_empty_inputs() {
    let par = Parallel::builder()
        .threads(4)
        .inline_threshold(Duration::ZERO)
        .build()
        .unwrap();
    let empty: [u8; 0] = [];
    assert!(par.map(&empty, |&x| x).is_empty());
    par.for_each(&empty, |_| unreachable!());
    let units = vec![(); 10_000];
    let n = AtomicUsize::new(0);
    par.for_each(&units, |()| {
        n.fetch_add(1, Ordering::Relaxed);
    });
    assert_eq!(n.into_inner(), 10_000);
    assert_eq!(par.map(&units, |()| ()).len(), 10_000);
}

/// A result that counts its drops (and its creations) per item.
struct Tracked<'c> {
    index: usize,
    drops: &'c [AtomicU32],
}

impl Drop for Tracked<'_> {
    fn drop(&mut self) {
        self.drops[self.index].fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn a_failed_map_drops_each_written_result_exactly_once() {
    let mut rng = StdRng::seed_from_u64(0xd_0f);
    for round in 0..ROUNDS {
        let par = random_config(&mut rng);
        let len = rng.gen_range(1..MAX_LEN);
        let bad = rng.gen_range(0..len);
        let data: Vec<usize> = (0..len).collect();
        let made = counters(len);
        let drops = counters(len);
        let make = |i: usize| {
            made[i].fetch_add(1, Ordering::Relaxed);
            Tracked {
                index: i,
                drops: &drops,
            }
        };
        if round % 2 == 0 {
            let (index, _) = panic_index(|| {
                drop(par.map(&data, |&i| {
                    assert!(i != bad, "bad item");
                    make(i)
                }))
            });
            assert_eq!(index, bad, "{par:?}");
        } else {
            let result = par.try_map(&data, |&i| if i == bad { Err(i) } else { Ok(make(i)) });
            let Err(err) = result else {
                panic!("the run should fail; {par:?}")
            };
            assert_eq!(err.index, bad, "{par:?}");
        }
        // Every result that was made was dropped exactly once; none that
        // was not made (an uninitialized slot) was dropped.
        for i in 0..len {
            let (m, d) = (
                made[i].load(Ordering::Relaxed),
                drops[i].load(Ordering::Relaxed),
            );
            assert!(m <= 1 && m == d, "item {i}: made {m}, dropped {d}; {par:?}");
        }
    }
}

#[test]
fn a_successful_map_drops_each_result_once_with_the_vector() {
    let mut rng = StdRng::seed_from_u64(0x5_0cc);
    for _ in 0..ROUNDS {
        let par = random_config(&mut rng);
        let len = rng.gen_range(0..MAX_LEN);
        let data: Vec<usize> = (0..len).collect();
        let drops = counters(len);
        let out = par.map(&data, |&i| Tracked {
            index: i,
            drops: &drops,
        });
        assert!(out.iter().enumerate().all(|(i, t)| t.index == i));
        assert!(drops.iter().all(|d| d.load(Ordering::Relaxed) == 0));
        drop(out);
        assert_each_once(&drops, "drop");
    }
}
