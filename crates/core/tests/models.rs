//! Models of fearless-core's public API (see "Where models live" in
//! docs/architecture.md).

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

/// A thread's number does not change between calls, whatever other threads
/// do in between.
#[test]
fn a_thread_keeps_its_index() {
    fearless_core::model(|| {
        let other = thread::spawn(|| (thread_index(), thread_index()));
        let first = thread_index();
        let (a, b) = other.join().unwrap();
        assert_eq!(first, thread_index());
        assert_eq!(a, b);
    });
}
