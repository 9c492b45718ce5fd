//! `panic_fuse`: once any closure panics, every other piece stops early
//! (its folder reports full), so the panic reaches the caller sooner.

use super::plumbing::{Consumer, Folder, Producer, ProducerCallback, Reducer, UnindexedConsumer};
use super::{IndexedParallelIterator, ParallelIterator};
use fearless_core::sync::atomic::{AtomicBool, Ordering};

/// The iterator made by [`ParallelIterator::panic_fuse`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct PanicFuse<I> {
    base: I,
}

impl<I> PanicFuse<I> {
    pub(super) fn new(base: I) -> Self {
        PanicFuse { base }
    }
}

/// The shared "something panicked" flag, raised by a guard's drop while
/// unwinding.
#[derive(Clone, Copy)]
struct Fuse<'a>(&'a AtomicBool);

impl Fuse<'_> {
    fn blown(&self) -> bool {
        // Relaxed: a hint to stop early; the panic itself travels through
        // the joins.
        self.0.load(Ordering::Relaxed)
    }
}

/// Raises the flag if dropped during a panic.
struct Guard<'a>(Fuse<'a>);

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        if fearless_core::sync::thread::panicking() {
            // Relaxed: see `Fuse::blown`.
            (self.0).0.store(true, Ordering::Relaxed);
        }
    }
}

impl<I: ParallelIterator> ParallelIterator for PanicFuse<I> {
    type Item = I::Item;

    fn drive_unindexed<C: UnindexedConsumer<I::Item>>(self, consumer: C) -> C::Result {
        let flag = AtomicBool::new(false);
        self.base.drive_unindexed(FuseConsumer {
            base: consumer,
            fuse: Fuse(&flag),
        })
    }

    fn opt_len(&self) -> Option<usize> {
        self.base.opt_len()
    }
}

impl<I: IndexedParallelIterator> IndexedParallelIterator for PanicFuse<I> {
    fn drive<C: Consumer<I::Item>>(self, consumer: C) -> C::Result {
        let flag = AtomicBool::new(false);
        self.base.drive(FuseConsumer {
            base: consumer,
            fuse: Fuse(&flag),
        })
    }

    fn len(&self) -> usize {
        self.base.len()
    }

    fn with_producer<CB: ProducerCallback<I::Item>>(self, callback: CB) -> CB::Output {
        let flag = AtomicBool::new(false);
        return self.base.with_producer(Callback {
            callback,
            fuse: Fuse(&flag),
        });

        struct Callback<'a, CB> {
            callback: CB,
            fuse: Fuse<'a>,
        }

        impl<T, CB: ProducerCallback<T>> ProducerCallback<T> for Callback<'_, CB> {
            type Output = CB::Output;
            fn callback<P: Producer<Item = T>>(self, base: P) -> CB::Output {
                self.callback.callback(FuseProducer {
                    base,
                    fuse: self.fuse,
                })
            }
        }
    }
}

/// A producer whose folds stop once the fuse has blown.
struct FuseProducer<'a, P> {
    base: P,
    fuse: Fuse<'a>,
}

impl<'a, P: Producer> Producer for FuseProducer<'a, P> {
    type Item = P::Item;
    type IntoIter = FuseIter<'a, P::IntoIter>;

    fn into_iter(self) -> Self::IntoIter {
        FuseIter {
            base: self.base.into_iter(),
            guard: Guard(self.fuse),
        }
    }

    fn min_len(&self) -> usize {
        self.base.min_len()
    }

    fn max_len(&self) -> usize {
        self.base.max_len()
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        let (left, right) = self.base.split_at(index);
        (
            FuseProducer {
                base: left,
                fuse: self.fuse,
            },
            FuseProducer {
                base: right,
                fuse: self.fuse,
            },
        )
    }

    fn fold_with<F: Folder<P::Item>>(self, folder: F) -> F {
        let folder = FuseFolder {
            base: folder,
            fuse: self.fuse,
        };
        self.base.fold_with(folder).base
    }
}

/// A producer's sequential iterator (what `rev` and `zip` drive): it ends
/// once the fuse has blown, and blows it if dropped by a panic (of a
/// closure downstream that was consuming it).
struct FuseIter<'a, I> {
    base: I,
    guard: Guard<'a>,
}

impl<I: Iterator> Iterator for FuseIter<'_, I> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        if self.guard.0.blown() {
            return None;
        }
        self.base.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.base.size_hint()
    }
}

impl<I: DoubleEndedIterator> DoubleEndedIterator for FuseIter<'_, I> {
    fn next_back(&mut self) -> Option<I::Item> {
        if self.guard.0.blown() {
            return None;
        }
        self.base.next_back()
    }
}

// The length is the base's: an iterator cut short by the fuse is part of a
// computation that is unwinding anyway.
impl<I: ExactSizeIterator> ExactSizeIterator for FuseIter<'_, I> {}

/// A consumer whose folders stop once the fuse has blown.
struct FuseConsumer<'a, C> {
    base: C,
    fuse: Fuse<'a>,
}

impl<'a, T, C: Consumer<T>> Consumer<T> for FuseConsumer<'a, C> {
    type Folder = FuseFolder<'a, C::Folder>;
    type Reducer = FuseReducer<'a, C::Reducer>;
    type Result = C::Result;

    fn split_at(self, index: usize) -> (Self, Self, Self::Reducer) {
        let (left, right, reducer) = self.base.split_at(index);
        let fuse = self.fuse;
        (
            FuseConsumer { base: left, fuse },
            FuseConsumer { base: right, fuse },
            FuseReducer {
                base: reducer,
                fuse,
            },
        )
    }

    fn into_folder(self) -> Self::Folder {
        FuseFolder {
            base: self.base.into_folder(),
            fuse: self.fuse,
        }
    }

    fn full(&self) -> bool {
        self.fuse.blown() || self.base.full()
    }
}

impl<T, C: UnindexedConsumer<T>> UnindexedConsumer<T> for FuseConsumer<'_, C> {
    fn split_off_left(&self) -> Self {
        FuseConsumer {
            base: self.base.split_off_left(),
            fuse: self.fuse,
        }
    }

    fn to_reducer(&self) -> Self::Reducer {
        FuseReducer {
            base: self.base.to_reducer(),
            fuse: self.fuse,
        }
    }
}

/// A folder that raises the fuse if its base panics.
struct FuseFolder<'a, C> {
    base: C,
    fuse: Fuse<'a>,
}

impl<T, C: Folder<T>> Folder<T> for FuseFolder<'_, C> {
    type Result = C::Result;

    fn consume(mut self, item: T) -> Self {
        let guard = Guard(self.fuse);
        self.base = self.base.consume(item);
        std::mem::forget(guard);
        self
    }

    fn consume_iter<I: IntoIterator<Item = T>>(mut self, iter: I) -> Self {
        let fuse = self.fuse;
        let guard = Guard(fuse);
        self.base = self
            .base
            .consume_iter(iter.into_iter().take_while(|_| !fuse.blown()));
        std::mem::forget(guard);
        self
    }

    fn complete(self) -> C::Result {
        let guard = Guard(self.fuse);
        let result = self.base.complete();
        std::mem::forget(guard);
        result
    }

    fn full(&self) -> bool {
        self.fuse.blown() || self.base.full()
    }
}

/// A reducer that raises the fuse if its base panics.
struct FuseReducer<'a, R> {
    base: R,
    fuse: Fuse<'a>,
}

impl<T, R: Reducer<T>> Reducer<T> for FuseReducer<'_, R> {
    fn reduce(self, left: T, right: T) -> T {
        let guard = Guard(self.fuse);
        let result = self.base.reduce(left, right);
        std::mem::forget(guard);
        result
    }
}
