//! Shuttle models of fearless-core (see "Where models live" in
//! docs/architecture.md). Run with `cargo xtask shuttle -p fearless-core`.
#![cfg(shuttle)]

use fearless_core::sync::atomic::{AtomicUsize, Ordering};
use fearless_core::sync::{Arc, thread};

/// The checker itself can fail: a load-then-store increment from two
/// threads loses an update in some interleaving, and shuttle finds it.
#[test]
#[should_panic(expected = "lost an increment")]
fn shuttle_finds_a_lost_update() {
    fearless_core::model(|| {
        let n = Arc::new(AtomicUsize::new(0));
        let other = {
            let n = Arc::clone(&n);
            thread::spawn(move || {
                let seen = n.load(Ordering::SeqCst);
                n.store(seen + 1, Ordering::SeqCst);
            })
        };
        let seen = n.load(Ordering::SeqCst);
        n.store(seen + 1, Ordering::SeqCst);
        other.join().unwrap();
        assert_eq!(n.load(Ordering::SeqCst), 2, "lost an increment");
    });
}
