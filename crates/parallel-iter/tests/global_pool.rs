//! The global pool: configured once, then used by free functions. A file of
//! its own, because the global pool is per process.
#![cfg(not(loom))]

use fearless_par::ThreadPoolBuilder;

#[test]
#[cfg_attr(miri, ignore)] // no global pool under Miri
fn build_global_configures_once_then_errors() {
    ThreadPoolBuilder::new()
        .num_threads(3)
        .thread_name(|i| format!("global-{i}"))
        .build_global()
        .unwrap();
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
