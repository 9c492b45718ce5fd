//! Loom models of fearless-core's public API (see "Where models live" in
//! docs/architecture.md), one module per file of `src/`, each model named
//! after the property it checks. Each is also a unit test on real threads
//! without `--cfg loom`.

mod counter {
    use fearless_core::SharedCounter;
    use fearless_core::sync::atomic::AtomicU64;
    use fearless_core::sync::{Arc, Mutex, thread};

    fn two_threads_add<C: SharedCounter + Send + Sync + 'static>(counter: C) {
        let counter = Arc::new(counter);
        let other = Arc::clone(&counter);
        let t = thread::spawn(move || other.add(3));
        counter.inc();
        t.join().unwrap();
        assert_eq!(counter.get(), 4);
    }

    #[test]
    fn atomic_counter_loses_no_add() {
        fearless_core::model(|| two_threads_add(AtomicU64::new(0)));
    }

    #[test]
    fn mutex_counter_loses_no_add() {
        fearless_core::model(|| two_threads_add(Mutex::new(0u64)));
    }
}

mod lock {
    use fearless_core::sync::{Arc, Mutex, RwLock, thread};
    use fearless_core::{Lock, ReadWriteLock};

    fn exclusive_increments<L: Lock<u32> + Send + Sync + 'static>() {
        let lock = Arc::new(L::new(0));
        let other = Arc::clone(&lock);
        let t = thread::spawn(move || *other.lock() += 1);
        *lock.lock() += 1;
        t.join().unwrap();
        assert_eq!(*lock.lock(), 2);
    }

    fn writer_visible_to_reader<L: ReadWriteLock<u32> + Send + Sync + 'static>() {
        let lock = Arc::new(L::new(0));
        let other = Arc::clone(&lock);
        let t = thread::spawn(move || *other.write() += 1);
        let seen = *lock.read();
        assert!(seen == 0 || seen == 1);
        t.join().unwrap();
        assert_eq!(*lock.read(), 1);
    }

    #[test]
    fn shim_mutex_excludes() {
        fearless_core::model(exclusive_increments::<Mutex<u32>>);
    }

    #[test]
    fn shim_rwlock_publishes_writes() {
        fearless_core::model(writer_visible_to_reader::<RwLock<u32>>);
    }
}

mod thread_index {
    use fearless_core::sync::{Arc, Mutex, thread};
    use fearless_core::thread_index;

    /// Two threads that ask at the same time never get the same number.
    #[test]
    fn distinct_threads_get_distinct_indices() {
        fearless_core::model(|| {
            let seen = Arc::new(Mutex::new(Vec::new()));
            let other = {
                let seen = Arc::clone(&seen);
                thread::spawn(move || seen.lock().unwrap().push(thread_index()))
            };
            seen.lock().unwrap().push(thread_index());
            other.join().unwrap();
            let seen = seen.lock().unwrap();
            assert_eq!(seen.len(), 2);
            assert_ne!(seen[0], seen[1]);
        });
    }

    /// A thread's number does not change between calls, whatever other
    /// threads do in between.
    #[test]
    fn a_thread_keeps_its_index() {
        fearless_core::model(|| {
            // The lock is a scheduling point between the two asks (shuttle
            // refuses a model without one).
            let lock = Arc::new(Mutex::new(()));
            let other = {
                let lock = Arc::clone(&lock);
                thread::spawn(move || {
                    let before = thread_index();
                    drop(lock.lock().unwrap());
                    (before, thread_index())
                })
            };
            let first = thread_index();
            drop(lock.lock().unwrap());
            let (a, b) = other.join().unwrap();
            assert_eq!(first, thread_index());
            assert_eq!(a, b);
        });
    }
}
