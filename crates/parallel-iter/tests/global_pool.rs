//! The global pool: configured once, then used by free functions. A file of
//! its own, because the global pool is per process.
#![cfg(not(loom))]

use fearless_par::ThreadPoolBuilder;

#[test]
#[cfg_attr(miri, ignore)] // no global pool under Miri
fn build_global_configures_once_then_errors() {
    // Through a spawn handler, which sees each worker's index and name.
    let spawned = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = std::sync::Arc::clone(&spawned);
    ThreadPoolBuilder::new()
        .num_threads(3)
        .thread_name(|i| format!("global-{i}"))
        .spawn_handler(move |thread| {
            seen.lock()
                .unwrap()
                .push((thread.index(), thread.name().map(str::to_owned)));
            std::thread::spawn(|| thread.run());
            Ok(())
        })
        .build_global()
        .unwrap();
    let mut spawned = spawned.lock().unwrap().clone();
    spawned.sort();
    let expected: Vec<_> = (0..3).map(|i| (i, Some(format!("global-{i}")))).collect();
    assert_eq!(spawned, expected);
    assert_eq!(fearless_par::current_num_threads(), 3);
    let (a, b) = fearless_par::join(fearless_par::current_thread_index, || 2);
    assert!(a.unwrap() < 3);
    assert_eq!(b, 2);
    let err = ThreadPoolBuilder::new()
        .num_threads(2)
        .build_global()
        .unwrap_err();
    assert!(err.is_global_already_initialized());
    let err = ThreadPoolBuilder::new()
        .num_threads(0)
        .build_global()
        .unwrap_err();
    assert!(err.is_global_already_initialized());
}
