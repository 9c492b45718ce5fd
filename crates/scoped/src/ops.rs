//! The operations of a [`Parallel`] configuration.

use core::convert::Infallible;
use core::marker::PhantomData;

use crate::config::Parallel;
use crate::engine::{
    Failure, Parts, RangeOutcome, RunContext, SliceMutTask, SliceTask, each, each_mut, execute,
    fill, whole_chunk,
};
use crate::error::IndexedError;
use crate::slots::Slots;

/// Pins down the higher-ranked signature of a slice body, which closure
/// inference would not find on its own.
fn slice_body<'d, T, O, E, G>(g: G) -> G
where
    G: Fn(usize, &'d [T], &RunContext<'_>) -> RangeOutcome<O, E>,
{
    g
}

/// [`slice_body`] for mutable slices.
fn mut_body<T, E, G>(g: G) -> G
where
    G: Fn(usize, &mut [T], &RunContext<'_>) -> RangeOutcome<(), E>,
{
    g
}

/// The result of a run whose closure cannot fail (its panics were already
/// re-raised by [`Failure::into_error`]).
fn infallible<V>(result: Result<V, IndexedError<Infallible>>) -> V {
    match result {
        Ok(v) => v,
        Err(e) => match e.error {},
    }
}

/// A run's outcome as the `try_*` functions return it: a panic is
/// re-raised, an error comes back with its index.
fn outcome<O, E>(result: Result<Parts<O>, Failure<E>>) -> Result<Parts<O>, IndexedError<E>> {
    result.map_err(Failure::into_error)
}

impl Parallel<'_> {
    /// Calls `f` on every item of `data`, in parallel.
    ///
    /// ```
    /// use fearless_core::sync::atomic::{AtomicU64, Ordering};
    ///
    /// let data: Vec<u64> = (1..=1_000).collect();
    /// let sum = AtomicU64::new(0);
    /// fearless_scoped::Parallel::new().for_each(&data, |&x| {
    ///     sum.fetch_add(x, Ordering::Relaxed);
    /// });
    /// assert_eq!(sum.into_inner(), 500_500);
    /// ```
    ///
    /// # Panics
    /// If `f` panics, the run stops soon after and the panic is re-raised
    /// with an [`ItemPanic`](crate::ItemPanic) payload naming the item.
    pub fn for_each<'d, T, F>(&self, data: &'d [T], f: F)
    where
        T: Sync,
        F: Fn(&'d T) + Sync,
    {
        infallible(self.try_for_each(data, |x| {
            f(x);
            Ok(())
        }))
    }

    /// Calls `f` on every item of `data` with exclusive access, in
    /// parallel: each item is handed to exactly one call.
    ///
    /// ```
    /// let mut data: Vec<u32> = (0..1_000).collect();
    /// fearless_scoped::Parallel::new().for_each_mut(&mut data, |x| *x *= 2);
    /// assert!(data.iter().enumerate().all(|(i, &x)| x == 2 * i as u32));
    /// ```
    ///
    /// # Panics
    /// As [`for_each`](Self::for_each); items before and after the one that
    /// panicked may or may not have been updated.
    pub fn for_each_mut<T, F>(&self, data: &mut [T], f: F)
    where
        T: Send,
        F: Fn(&mut T) + Sync,
    {
        infallible(self.try_for_each_mut(data, |x| {
            f(x);
            Ok(())
        }))
    }

    /// The results of `f` on every item of `data`, in input order.
    ///
    /// Each chunk writes its results straight into its own sub-range of the
    /// output vector, allocated once at its final length: no lock per item
    /// and no copy at the end.
    ///
    /// ```
    /// let words = ["scoped", "threads", "borrow"];
    /// let lengths = fearless_scoped::Parallel::new().map(&words, |w| w.len());
    /// assert_eq!(lengths, [6, 7, 6]);
    /// ```
    ///
    /// # Panics
    /// As [`for_each`](Self::for_each).
    pub fn map<'d, T, R, F>(&self, data: &'d [T], f: F) -> Vec<R>
    where
        T: Sync,
        R: Send,
        F: Fn(&'d T) -> R + Sync,
    {
        infallible(self.try_map(data, |x| Ok(f(x))))
    }

    /// Calls `f` on every item of `data` until one returns an error: then
    /// every worker stops soon after (within 16 items) and the error
    /// is returned with the failing item's index. See [`IndexedError`] for
    /// which error is reported when several items fail.
    ///
    /// ```
    /// let data = ["1", "2", "x", "4"];
    /// let err = fearless_scoped::Parallel::new()
    ///     .try_for_each(&data, |s| s.parse::<u32>().map(drop))
    ///     .unwrap_err();
    /// assert_eq!(err.index, 2);
    /// ```
    ///
    /// # Panics
    /// As [`for_each`](Self::for_each); a panic outranks an error.
    pub fn try_for_each<'d, T, E, F>(&self, data: &'d [T], f: F) -> Result<(), IndexedError<E>>
    where
        T: Sync,
        E: Send,
        F: Fn(&'d T) -> Result<(), E> + Sync,
    {
        let body = slice_body(|start, items: &'d [T], ctx| each(start, items, ctx, &f));
        self.shared(data, body).map(drop)
    }

    /// The results of `f` on every item of `data`, in input order, or the
    /// first error with its item's index (every worker stops soon after it).
    ///
    /// ```
    /// let par = fearless_scoped::Parallel::new();
    /// assert_eq!(par.try_map(&["1", "2"], |s| s.parse::<u8>()), Ok(vec![1, 2]));
    /// assert_eq!(par.try_map(&["1", "300"], |s| s.parse::<u8>()).unwrap_err().index, 1);
    /// ```
    ///
    /// # Panics
    /// As [`for_each`](Self::for_each); a panic outranks an error.
    pub fn try_map<'d, T, R, E, F>(&self, data: &'d [T], f: F) -> Result<Vec<R>, IndexedError<E>>
    where
        T: Sync,
        R: Send,
        E: Send,
        F: Fn(&'d T) -> Result<R, E> + Sync,
    {
        let mut out = Vec::new();
        let slots = Slots::new(&mut out, data.len());
        let body = slice_body(|start, items: &'d [T], ctx| fill(start, items, ctx, &slots, &f));
        let parts = self.shared(data, body)?;
        slots.finish(parts.into_iter().map(|(_, p)| p).collect());
        Ok(out)
    }

    /// Calls `f(first index, sub-slice)` on consecutive, non-overlapping
    /// sub-slices that together cover `data`, in parallel. With an explicit
    /// [`chunk`](crate::ParallelBuilder::chunk) size `n`, every sub-slice
    /// has `n` items (the last may be shorter) and starts at a multiple of
    /// `n`; otherwise the sizes are the run's choice.
    ///
    /// ```
    /// use fearless_core::sync::atomic::{AtomicUsize, Ordering};
    ///
    /// let data = vec![1u8; 10_000];
    /// let seen = AtomicUsize::new(0);
    /// let par = fearless_scoped::Parallel::builder().chunk(256).build().unwrap();
    /// par.chunks(&data, |start, chunk| {
    ///     assert_eq!(start % 256, 0);
    ///     assert!(chunk.len() <= 256);
    ///     seen.fetch_add(chunk.len(), Ordering::Relaxed);
    /// });
    /// assert_eq!(seen.into_inner(), 10_000);
    /// ```
    ///
    /// # Panics
    /// As [`for_each`](Self::for_each); the reported index is the
    /// sub-slice's first.
    pub fn chunks<'d, T, F>(&self, data: &'d [T], f: F)
    where
        T: Sync,
        F: Fn(usize, &'d [T]) + Sync,
    {
        infallible(self.try_chunks(data, |start, chunk| {
            f(start, chunk);
            Ok(())
        }))
    }

    /// [`chunks`](Self::chunks) with exclusive access to each sub-slice.
    ///
    /// ```
    /// let mut data = vec![0usize; 1_000];
    /// let par = fearless_scoped::Parallel::builder().chunk(100).build().unwrap();
    /// par.chunks_mut(&mut data, |start, chunk| {
    ///     for (k, x) in chunk.iter_mut().enumerate() {
    ///         *x = start + k;
    ///     }
    /// });
    /// assert!(data.iter().enumerate().all(|(i, &x)| x == i));
    /// ```
    ///
    /// # Panics
    /// As [`chunks`](Self::chunks).
    pub fn chunks_mut<T, F>(&self, data: &mut [T], f: F)
    where
        T: Send,
        F: Fn(usize, &mut [T]) + Sync,
    {
        infallible(self.try_chunks_mut(data, |start, chunk| {
            f(start, chunk);
            Ok(())
        }))
    }
}

/// The plumbing the operations share.
impl Parallel<'_> {
    /// Runs `body` over the shared slice `data`.
    fn shared<'d, T, O, E, G>(&self, data: &'d [T], body: G) -> Result<Parts<O>, IndexedError<E>>
    where
        T: Sync,
        G: Fn(usize, &'d [T], &RunContext<'_>) -> RangeOutcome<O, E> + Sync,
        O: Send,
        E: Send,
    {
        let task = &mut SliceTask {
            data,
            body,
            _out: PhantomData,
        };
        outcome(execute(self, data.len(), task))
    }

    /// Runs `body` over the mutable slice `data`, each item handed to one
    /// call.
    fn exclusive<T, E, G>(&self, data: &mut [T], body: G) -> Result<(), IndexedError<E>>
    where
        T: Send,
        G: Fn(usize, &mut [T], &RunContext<'_>) -> RangeOutcome<(), E> + Sync,
        E: Send,
    {
        let len = data.len();
        outcome(execute(self, len, &mut SliceMutTask::new(data, body))).map(drop)
    }

    /// [`for_each_mut`](Self::for_each_mut) whose closure may fail.
    fn try_for_each_mut<T, E, F>(&self, data: &mut [T], f: F) -> Result<(), IndexedError<E>>
    where
        T: Send,
        E: Send,
        F: Fn(&mut T) -> Result<(), E> + Sync,
    {
        let body = mut_body(|start, items: &mut [T], ctx| each_mut(start, items, ctx, &f));
        self.exclusive(data, body)
    }

    /// [`chunks`](Self::chunks) whose closure may fail.
    fn try_chunks<'d, T, E, F>(&self, data: &'d [T], f: F) -> Result<(), IndexedError<E>>
    where
        T: Sync,
        E: Send,
        F: Fn(usize, &'d [T]) -> Result<(), E> + Sync,
    {
        let body = slice_body(|start, items: &'d [T], ctx| whole_chunk(start, items, ctx, &f));
        self.shared(data, body).map(drop)
    }

    /// [`chunks_mut`](Self::chunks_mut) whose closure may fail.
    fn try_chunks_mut<T, E, F>(&self, data: &mut [T], f: F) -> Result<(), IndexedError<E>>
    where
        T: Send,
        E: Send,
        F: Fn(usize, &mut [T]) -> Result<(), E> + Sync,
    {
        let body = mut_body(|start, items: &mut [T], ctx| whole_chunk(start, items, ctx, &f));
        self.exclusive(data, body)
    }
}
