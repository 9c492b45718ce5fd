//! The output buffer of ordered `map`: one allocation of the final length,
//! written in place by the chunks, with no per-chunk vectors to copy.
//!
//! A [`Slots`] hands out [`Filled`] cursors, one per chunk (or inline
//! piece), each over its own disjoint sub-range of the buffer. A chunk
//! writes its results front to back through its cursor, which counts how
//! many slots it has initialized. The cursor owns those values:
//!
//! - if the chunk stops early (an error, a stop, or a panic that unwinds
//!   through it), dropping the cursor drops exactly the values written so
//!   far, and no uninitialized slot;
//! - a finished chunk hands its cursor to the engine as the chunk's output;
//!   if the run fails, the engine drops the outputs, which drops the
//!   finished ranges;
//! - if the run succeeds, [`Slots::finish`] checks that the finished
//!   cursors tile the whole buffer, forgets them (ownership passes to the
//!   vector) and sets the vector's length.
//!
//! The invariant this module relies on: each item range is run once, so no
//! two cursors cover the same slot. The engine guarantees it (inline pieces
//! tile a prefix, and the claimer hands each chunk number to one worker, as
//! the loom models in `claim` check); `finish` re-checks it before any
//! value becomes visible, and leaks rather than drops if it fails.
#![allow(unsafe_code)]

use core::marker::PhantomData;
use core::ptr;

/// The uninitialized buffer of a `map` run's results.
pub(crate) struct Slots<'a, R> {
    /// The output vector: length 0, capacity at least `len`, until
    /// [`finish`](Self::finish).
    vec: &'a mut Vec<R>,
    /// The vector's buffer, taken once so that workers write through it
    /// without touching `vec`.
    base: *mut R,
    /// Number of slots.
    len: usize,
}

// SAFETY: workers share `&Slots` only to create cursors over disjoint
// ranges (see the module doc); each value is written by one thread and
// handed back to the caller's thread through `join`, so sharing needs
// `R: Send`, as sending the values would.
unsafe impl<R: Send> Sync for Slots<'_, R> {}

impl<'a, R> Slots<'a, R> {
    /// Empties `vec` and makes room for `len` results.
    pub(crate) fn new(vec: &'a mut Vec<R>, len: usize) -> Self {
        vec.clear();
        vec.reserve_exact(len);
        // `as_mut_ptr` creates no reference to the buffer, so the pointer
        // stays valid while `vec` itself is left alone.
        let base = vec.as_mut_ptr();
        Self { vec, base, len }
    }

    /// A cursor over slots `start..start + count`.
    ///
    /// # Panics
    /// If the range is not inside the buffer.
    pub(crate) fn cursor(&self, start: usize, count: usize) -> Filled<'a, R> {
        assert!(
            start <= self.len && count <= self.len - start,
            "fearless-scoped: result range out of bounds"
        );
        Filled {
            // SAFETY: `start <= len <= capacity`, so the offset stays
            // inside (or one past) the allocation.
            ptr: unsafe { self.base.add(start) },
            start,
            len: 0,
            cap: count,
            _buf: PhantomData,
        }
    }

    /// Takes ownership of the finished cursors' values: checks that they
    /// tile the whole buffer, each completely written, then sets the
    /// vector's length.
    ///
    /// # Panics
    /// If they do not tile it (an internal bug): the values are then leaked,
    /// never dropped twice.
    pub(crate) fn finish(self, mut parts: Vec<Filled<'a, R>>) {
        parts.sort_unstable_by_key(|p| p.start);
        let mut at = 0;
        let mut tiled = true;
        for part in &parts {
            tiled &= part.start == at && part.len == part.cap;
            at = part.start + part.len;
        }
        tiled &= at == self.len;
        // Ownership moves to the vector (or, on a bug, is leaked).
        for part in parts {
            core::mem::forget(part);
        }
        assert!(
            tiled,
            "fearless-scoped: chunk results do not tile the input"
        );
        // SAFETY: the parts tile `0..len` and each wrote every slot of its
        // range, so the first `len` slots are initialized, and the
        // capacity is at least `len` (`new`). The cursors were forgotten,
        // so the vector is now the only owner of the values.
        unsafe { self.vec.set_len(self.len) };
    }
}

/// A chunk's write cursor over its own slots; owns the values written.
pub(crate) struct Filled<'a, R> {
    /// The first slot of the range.
    ptr: *mut R,
    /// Index of that slot in the buffer.
    start: usize,
    /// Slots written so far (from the front).
    len: usize,
    /// Slots in the range.
    cap: usize,
    _buf: PhantomData<&'a mut [R]>,
}

// SAFETY: a cursor is the only writer and owner of its range's values;
// moving it to another thread moves those values, which `R: Send` allows.
unsafe impl<R: Send> Send for Filled<'_, R> {}

impl<R> Filled<'_, R> {
    /// Writes the next slot.
    ///
    /// # Panics
    /// If the range is full (an internal bug).
    #[cfg(test)]
    pub(crate) fn push(&mut self, value: R) {
        assert!(self.len < self.cap, "fearless-scoped: result range overrun");
        // SAFETY: `len < cap`, so the slot lies inside this cursor's range,
        // which no other cursor covers; it is not initialized yet (slots
        // are written front to back, once), so nothing is overwritten.
        unsafe { self.ptr.add(self.len).write(value) };
        self.len += 1;
    }

    /// Writes `f(item)` for each of `items` into the next slots, front to
    /// back, stopping at the first error. The room is checked once for the
    /// whole slice, not per item, so a loop over cheap items stays as
    /// tight as `Vec`'s own `collect` (and can be vectorized when `f`
    /// cannot fail or unwind).
    ///
    /// # Panics
    /// If `items` does not fit in the rest of the range (an internal bug).
    #[inline(always)]
    pub(crate) fn write_each<'d, T, E>(
        &mut self,
        items: &'d [T],
        mut f: impl FnMut(&'d T) -> Result<R, E>,
    ) -> Result<(), E> {
        assert!(
            items.len() <= self.cap - self.len,
            "fearless-scoped: result range overrun"
        );
        for item in items {
            let value = f(item)?;
            // SAFETY: at most `items.len()` slots are written here and the
            // assert above leaves room for them, so `len < cap`: the slot
            // lies inside this cursor's range, which no other cursor
            // covers, and is not initialized yet (slots are written front
            // to back, once). `len` counts it at once, so a panic in a
            // later `f` drops exactly the values written.
            unsafe { self.ptr.add(self.len).write(value) };
            self.len += 1;
        }
        Ok(())
    }
}

impl<R> Drop for Filled<'_, R> {
    fn drop(&mut self) {
        // SAFETY: exactly the first `len` slots of the range were written
        // by `push` and are owned by this cursor (a finished cursor is
        // forgotten, not dropped, when the vector takes them over).
        unsafe { ptr::drop_in_place(ptr::slice_from_raw_parts_mut(self.ptr, self.len)) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::cell::Cell;
    use std::panic::AssertUnwindSafe;

    struct Counted<'c>(&'c Cell<usize>);
    impl Drop for Counted<'_> {
        fn drop(&mut self) {
            self.0.set(self.0.get() + 1);
        }
    }

    #[test]
    fn finished_parts_become_the_vector_in_order() {
        let mut out = Vec::new();
        let slots = Slots::new(&mut out, 5);
        let mut b = slots.cursor(2, 3);
        let mut a = slots.cursor(0, 2);
        for i in 2..5 {
            b.push(i);
        }
        a.push(0);
        a.push(1);
        slots.finish(vec![b, a]);
        assert_eq!(out, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn dropped_cursors_drop_only_what_they_wrote() {
        let drops = Cell::new(0);
        let mut out = Vec::new();
        let slots = Slots::new(&mut out, 6);
        let mut a = slots.cursor(0, 3);
        let mut b = slots.cursor(3, 3);
        a.push(Counted(&drops));
        a.push(Counted(&drops));
        a.push(Counted(&drops));
        b.push(Counted(&drops));
        drop(a);
        assert_eq!(drops.get(), 3);
        drop(b);
        assert_eq!(drops.get(), 4);
        assert!(out.is_empty());
        assert_eq!(drops.get(), 4);
    }

    #[test]
    fn gaps_are_leaked_not_exposed() {
        let mut out = Vec::new();
        let slots = Slots::new(&mut out, 4);
        let mut a = slots.cursor(0, 2);
        a.push(1u8);
        a.push(2u8);
        let r = std::panic::catch_unwind(AssertUnwindSafe(|| slots.finish(vec![a])));
        assert!(r.is_err());
        assert!(out.is_empty());
    }
}
