//! What the channel tests share: a message that counts its drops and the
//! list of channels every test runs on.
#![allow(dead_code)] // each test target uses a different subset

use fearless_channels::{Receiver, Sender, bounded, unbounded};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::ScopedJoinHandle;

/// A message that counts its drops.
pub struct Counted(pub Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        // SeqCst: the tests read the count right after the drop, on another
        // thread sometimes; no need to reason about anything weaker here.
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A channel with its name for assertion messages.
pub type Named<T> = (String, (Sender<T>, Receiver<T>));

/// `bounded(cap)` for every cap in `caps`, in that order, then `unbounded()`.
pub fn channels<T>(caps: &[usize]) -> Vec<Named<T>> {
    let mut v: Vec<_> = caps
        .iter()
        .map(|&cap| (format!("bounded({cap})"), bounded(cap)))
        .collect();
    v.push(("unbounded".to_owned(), unbounded()));
    v
}

/// Joins every scoped thread in order, re-raising the first panic, and
/// collects their results.
pub fn join_all<R>(handles: Vec<ScopedJoinHandle<'_, R>>) -> Vec<R> {
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}
