//! Code that uses parallel iterators stays model-checkable: under
//! `--cfg loom` they run sequentially on the calling (loom) thread, so loom
//! sees every access the user's closures make. Without loom this is an
//! ordinary test on the real engine.

use fearless_core::sync::atomic::{AtomicUsize, Ordering};
use fearless_core::sync::{Arc, thread};
use fearless_par::prelude::*;

#[test]
fn parallel_iterators_in_two_threads_lose_no_update() {
    fearless_core::model(|| {
        let total = Arc::new(AtomicUsize::new(0));
        let other = {
            let total = Arc::clone(&total);
            thread::spawn(move || {
                [1usize, 2].par_iter().for_each(|&x| {
                    // Relaxed: only the final sum is checked, after join.
                    total.fetch_add(x, Ordering::Relaxed);
                });
            })
        };
        let found = [3usize, 4].par_iter().find_any(|&&x| x == 4);
        assert_eq!(found, Some(&4));
        let sum: usize = [3usize, 4].par_iter().sum();
        // Relaxed: as above.
        total.fetch_add(sum, Ordering::Relaxed);
        other.join().unwrap();
        // Relaxed: `join` ordered the other thread's adds before this load.
        assert_eq!(total.load(Ordering::Relaxed), 10);
    });
}
