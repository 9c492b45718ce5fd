//! Loom models of fearless-atomics (see "Where models live" in
//! docs/architecture.md): one module per metric, each model named after the
//! property it checks. Each is also a unit test on real threads without
//! `--cfg loom`.

mod counter {
    use fearless_atomics::Counter;
    use fearless_core::sync::{Arc, thread};

    #[test]
    fn take_splits_increments_without_loss() {
        fearless_core::model(|| {
            let c = Arc::new(Counter::new());
            let adder = {
                let c = Arc::clone(&c);
                thread::spawn(move || {
                    c.inc();
                    c.inc();
                })
            };
            let first = c.take();
            adder.join().unwrap();
            assert_eq!(first + c.take(), 2);
        });
    }
}

mod stop_flag {
    use fearless_atomics::StopFlag;
    use fearless_core::sync::atomic::{AtomicU64, Ordering};
    use fearless_core::sync::{Arc, thread};

    #[test]
    fn stop_publishes_data_written_before_it() {
        fearless_core::model(|| {
            let stop = Arc::new(StopFlag::new());
            let data = Arc::new(AtomicU64::new(0));
            let writer = {
                let (stop, data) = (Arc::clone(&stop), Arc::clone(&data));
                thread::spawn(move || {
                    // Relaxed on purpose: only the flag's Release/Acquire may
                    // make this write visible.
                    data.store(42, Ordering::Relaxed);
                    stop.stop();
                })
            };
            if stop.is_stopped() {
                assert_eq!(data.load(Ordering::Relaxed), 42);
            }
            writer.join().unwrap();
        });
    }
}

mod gauge {
    use fearless_atomics::Gauge;
    use fearless_core::sync::{Arc, thread};

    #[test]
    fn concurrent_inc_and_dec_cancel_out() {
        fearless_core::model(|| {
            let g = Arc::new(Gauge::new());
            let other = {
                let g = Arc::clone(&g);
                thread::spawn(move || {
                    g.inc();
                    g.add(2);
                })
            };
            g.dec();
            g.sub(2);
            other.join().unwrap();
            assert_eq!(g.get(), 0);
        });
    }
}

mod extremum_gauge {
    use fearless_atomics::{MaxGauge, MinGauge};
    use fearless_core::sync::{Arc, thread};

    #[test]
    fn concurrent_observers_keep_the_maximum() {
        fearless_core::model(|| {
            let g = Arc::new(MaxGauge::new());
            let other = {
                let g = Arc::clone(&g);
                thread::spawn(move || g.observe(5))
            };
            g.observe(3);
            let seen = g.get();
            assert!(seen == 3 || seen == 5, "a reader saw {seen}");
            other.join().unwrap();
            assert_eq!(g.get(), 5);
        });
    }

    #[test]
    fn concurrent_observers_keep_the_minimum() {
        fearless_core::model(|| {
            let g = Arc::new(MinGauge::new());
            let other = {
                let g = Arc::clone(&g);
                thread::spawn(move || g.observe(3))
            };
            g.observe(5);
            let seen = g.get();
            assert!(seen == 3 || seen == 5, "a reader saw {seen}");
            other.join().unwrap();
            assert_eq!(g.get(), 3);
        });
    }

    #[test]
    fn reset_splits_observations_between_periods() {
        fearless_core::model(|| {
            let g = Arc::new(MaxGauge::new());
            let other = {
                let g = Arc::clone(&g);
                thread::spawn(move || g.observe(7))
            };
            let before = g.reset();
            other.join().unwrap();
            let after = g.reset();
            // The observation of 7 lands in exactly one period.
            assert!((before, after) == (7, 0) || (before, after) == (0, 7));
        });
    }
}

mod histogram {
    use fearless_atomics::{Histogram, HistogramSnapshot};
    use fearless_core::sync::atomic::{AtomicBool, Ordering};
    use fearless_core::sync::{Arc, thread};

    /// One bucket per power of two keeps models small; 1 and 2 are both
    /// bucket lower bounds, so bucket sums reproduce the value sum exactly.
    fn small() -> Histogram {
        Histogram::with_precision(0).unwrap()
    }

    fn bucket_sum(s: &HistogramSnapshot) -> (u64, u64) {
        s.buckets()
            .fold((0, 0), |(n, sum), b| (n + b.count, sum + b.low * b.count))
    }

    #[test]
    fn snapshot_is_an_exact_prefix_of_records() {
        fearless_core::model(|| {
            let h = Arc::new(small());
            let writer = {
                let h = Arc::clone(&h);
                thread::spawn(move || {
                    h.record(1);
                    h.record_n(2, 2);
                })
            };
            let s = h.snapshot();
            // Either nothing, the first record, or both, each whole.
            let expected = match s.count() {
                0 => (0, None, None),
                1 => (1, Some(1), Some(1)),
                3 => (5, Some(1), Some(2)),
                n => panic!("a snapshot counted {n} values"),
            };
            assert_eq!((s.sum(), s.min(), s.max()), expected);
            assert_eq!(bucket_sum(&s), (s.count(), s.sum()));
            writer.join().unwrap();
            let last = h.snapshot();
            assert_eq!((last.count(), last.sum()), (3, 5));
        });
    }

    #[test]
    fn records_before_a_snapshot_are_included() {
        fearless_core::model(|| {
            let h = Arc::new(small());
            let done = Arc::new(AtomicBool::new(false));
            let writer = {
                let (h, done) = (Arc::clone(&h), Arc::clone(&done));
                thread::spawn(move || {
                    h.record(2);
                    // Release: the record happens before a reader that sees it.
                    done.store(true, Ordering::Release);
                })
            };
            // Acquire: pairs with the Release above.
            let saw_done = done.load(Ordering::Acquire);
            let s = h.snapshot();
            if saw_done {
                assert_eq!((s.count(), s.max()), (1, Some(2)));
            }
            writer.join().unwrap();
        });
    }

    #[test]
    fn concurrent_snapshots_lose_no_record() {
        fearless_core::model(|| {
            let h = Arc::new(small());
            let snapshotter = {
                let h = Arc::clone(&h);
                thread::spawn(move || h.snapshot().count())
            };
            h.record(1);
            let mine = h.snapshot().count();
            let theirs = snapshotter.join().unwrap();
            // Both see a prefix; the one taken after the record has it.
            assert_eq!(mine, 1);
            assert!(theirs <= 1);
            assert_eq!(h.snapshot().count(), 1);
        });
    }
}

mod registry {
    use fearless_atomics::Registry;
    use fearless_core::sync::{Arc, thread};

    #[test]
    fn same_name_from_two_threads_is_one_metric() {
        fearless_core::model(|| {
            let r = Arc::new(Registry::new());
            let other = {
                let r = Arc::clone(&r);
                thread::spawn(move || r.counter("hits_total", "Hits.").unwrap())
            };
            let mine = r.counter("hits_total", "Hits.").unwrap();
            let theirs = other.join().unwrap();
            assert!(Arc::ptr_eq(&mine, &theirs));
        });
    }

    #[test]
    fn conflicting_kinds_from_two_threads_one_wins() {
        fearless_core::model(|| {
            let r = Arc::new(Registry::new());
            let other = {
                let r = Arc::clone(&r);
                thread::spawn(move || r.gauge("x", "").is_ok())
            };
            let mine = r.counter("x", "").is_ok();
            let theirs = other.join().unwrap();
            assert!(mine != theirs, "exactly one kind is registered");
        });
    }
}

mod sharded_counter {
    use fearless_atomics::ShardedCounter;
    use fearless_core::sync::{Arc, thread};

    #[test]
    fn total_is_exact_after_threads_join() {
        fearless_core::model(|| {
            let c = Arc::new(ShardedCounter::with_shards(2).unwrap());
            let adder = {
                let c = Arc::clone(&c);
                thread::spawn(move || {
                    c.add(2);
                    c.inc();
                })
            };
            c.add(10);
            adder.join().unwrap();
            assert_eq!(c.get(), 13);
        });
    }

    #[test]
    fn take_splits_adds_without_loss() {
        fearless_core::model(|| {
            let c = Arc::new(ShardedCounter::with_shards(2).unwrap());
            let adder = {
                let c = Arc::clone(&c);
                thread::spawn(move || {
                    c.inc();
                    c.add(2);
                })
            };
            c.inc();
            let first = c.take();
            adder.join().unwrap();
            assert_eq!(first + c.take(), 4);
        });
    }
}
