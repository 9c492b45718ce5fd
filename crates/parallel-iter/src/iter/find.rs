//! `find_any` (and through it `any` and `all`): stop everywhere once found.

use super::plumbing::Consumer;
use fearless_core::sync::atomic::{AtomicBool, Ordering};

/// Some item matching `predicate`; a shared flag tells the other pieces to
/// stop looking once one is found.
pub(super) struct FindAny<'f, P> {
    predicate: &'f P,
    found: AtomicBool,
}

impl<'f, P> FindAny<'f, P> {
    pub(super) fn new(predicate: &'f P) -> Self {
        FindAny {
            predicate,
            found: AtomicBool::new(false),
        }
    }

    fn already_found(&self) -> bool {
        // Relaxed: the flag is only a hint to stop early. The item itself
        // travels back through the join's return value, which synchronizes.
        self.found.load(Ordering::Relaxed)
    }
}

impl<T: Send, P: Fn(&T) -> bool + Sync> Consumer<T> for FindAny<'_, P> {
    type Result = Option<T>;

    fn consume_piece<I: Iterator<Item = T>>(&self, items: I) -> Option<T> {
        for item in items {
            if self.already_found() {
                return None;
            }
            if (self.predicate)(&item) {
                // Relaxed: see `already_found`; nothing is published here.
                self.found.store(true, Ordering::Relaxed);
                return Some(item);
            }
        }
        None
    }

    fn reduce(&self, left: Option<T>, right: Option<T>) -> Option<T> {
        left.or(right)
    }

    fn is_done(&self) -> bool {
        self.already_found()
    }
}
