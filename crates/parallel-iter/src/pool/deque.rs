//! The work queues: crossbeam-deque normally, a small modelled deque under
//! loom.
//!
//! crossbeam-deque's Chase-Lev deque is invisible to loom (its atomics are
//! std's), so under `--cfg loom` the pool uses a `Mutex<VecDeque>` from the
//! sync shim with the same interface: the owner pushes and pops at the back
//! (LIFO), thieves and the injector's consumers take from the front (FIFO).
//! The models then check the pool's own protocol (latches, sleep, shutdown)
//! with a queue whose every access loom sees; the deque itself is trusted.
//!
//! Miri uses the same stand-in: crossbeam-epoch (under crossbeam-deque)
//! casts integers to pointers, which `-Zmiri-strict-provenance` rejects.
//! Miri then checks the pool's own `unsafe` (jobs on stacks and heaps,
//! latches) with a queue that has none.

#[cfg(not(any(loom, miri)))]
pub(super) use crossbeam_deque::{Injector, Steal, Stealer, Worker};

#[cfg(any(loom, miri))]
pub(super) use modelled::{Injector, Steal, Stealer, Worker};

#[cfg(any(loom, miri))]
mod modelled {
    use fearless_core::sync::{Arc, Mutex, PoisonError};
    use std::collections::VecDeque;

    /// The result of a steal, as crossbeam-deque's `Steal`.
    pub(crate) enum Steal<T> {
        /// The queue was empty.
        Empty,
        /// A value was taken.
        Success(T),
        /// Lost a race; try again. (Never returned by the modelled deque.)
        #[allow(dead_code)]
        Retry,
    }

    type Shared<T> = Arc<Mutex<VecDeque<T>>>;

    fn locked<T, R>(q: &Mutex<VecDeque<T>>, f: impl FnOnce(&mut VecDeque<T>) -> R) -> R {
        f(&mut q.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// The owner's end of a deque.
    pub(crate) struct Worker<T>(Shared<T>, bool);

    impl<T> Worker<T> {
        pub(crate) fn new_lifo() -> Self {
            Self(Arc::new(Mutex::new(VecDeque::new())), true)
        }
        pub(crate) fn new_fifo() -> Self {
            Self(Arc::new(Mutex::new(VecDeque::new())), false)
        }
        pub(crate) fn push(&self, value: T) {
            locked(&self.0, |q| q.push_back(value));
        }
        pub(crate) fn pop(&self) -> Option<T> {
            if self.1 {
                locked(&self.0, |q| q.pop_back())
            } else {
                locked(&self.0, |q| q.pop_front())
            }
        }
        pub(crate) fn is_empty(&self) -> bool {
            locked(&self.0, |q| q.is_empty())
        }
        pub(crate) fn stealer(&self) -> Stealer<T> {
            Stealer(Arc::clone(&self.0))
        }
    }

    /// A thief's end of a deque.
    pub(crate) struct Stealer<T>(Shared<T>);

    impl<T> Stealer<T> {
        pub(crate) fn steal(&self) -> Steal<T> {
            match locked(&self.0, |q| q.pop_front()) {
                Some(v) => Steal::Success(v),
                None => Steal::Empty,
            }
        }
    }

    /// The global FIFO queue of jobs injected from outside the pool.
    pub(crate) struct Injector<T>(Mutex<VecDeque<T>>);

    impl<T> Injector<T> {
        pub(crate) fn new() -> Self {
            Self(Mutex::new(VecDeque::new()))
        }
        pub(crate) fn push(&self, value: T) {
            locked(&self.0, |q| q.push_back(value));
        }
        pub(crate) fn steal(&self) -> Steal<T> {
            match locked(&self.0, |q| q.pop_front()) {
                Some(v) => Steal::Success(v),
                None => Steal::Empty,
            }
        }
    }
}
