//! Parallel work over borrowed data: balanced, cancellable, ordered.
//!
//! Scoped threads may borrow the caller's stack, so "process this slice in
//! parallel" needs no `Arc` and no copies. This crate adds what plain
//! scoped threads leave to every caller:
//!
//! - **Balance.** Workers claim chunks from a shared atomic cursor
//!   ([`Schedule::Dynamic`]), so a few expensive items do not hold up the
//!   run; contiguous static splitting ([`Schedule::Static`]) stays
//!   available.
//! - **Order.** [`map`] and [`try_map`] return results in input order,
//!   collected per chunk without a lock per item.
//! - **Early stop.** The first error of [`try_for_each`] or [`try_map`]
//!   stops every worker soon after (within 16 items) and is returned with the
//!   failing item's index ([`IndexedError`]). Closures that run long items
//!   can poll the run's [`StopFlag`](fearless_atomics::StopFlag) (see
//!   [`ParallelBuilder::stop_flag`]).
//! - **Panics with an address.** A panicking item stops the run and the
//!   panic is re-raised in the caller as an [`ItemPanic`] carrying the
//!   item's index.
//! - **No threads for small work.** A run first works on the caller's
//!   thread while timing itself, and starts threads only when the rest is
//!   worth it ([`ParallelBuilder::inline_threshold`]).
//! - **Files.** [`files`] reads and processes many files on scoped workers,
//!   with per-file errors, ordered results and progress reports.
//!
//! The free functions use the defaults ([`Parallel::new`]); a [`Parallel`]
//! built with [`Parallel::builder`] chooses threads, chunk size, schedule
//! and thread scope ([`ThreadScope::Std`] or [`ThreadScope::Crossbeam`]).
//!
//! ```
//! let readings = vec![3.5_f64, -1.0, 7.25, 0.5];
//! let limit = 5.0; // borrowed by the closure, no `Arc` needed
//!
//! let clipped = fearless_scoped::map(&readings, |&r| r.min(limit));
//! assert_eq!(clipped, [3.5, -1.0, 5.0, 0.5]);
//!
//! let err = fearless_scoped::try_for_each(&readings, |&r| {
//!     if r < 0.0 { Err(format!("negative reading {r}")) } else { Ok(()) }
//! })
//! .unwrap_err();
//! assert_eq!(err.index, 1);
//! ```
//!
//! # What the types rule out
//!
//! The closures run on several threads at once, so they must be `Sync`; a
//! closure that mutates unsynchronized state through a shared capture does
//! not compile:
//!
//! ```compile_fail
//! let total = std::cell::Cell::new(0);
//! fearless_scoped::for_each(&[1, 2, 3], |&x| total.set(total.get() + x));
//! ```
//!
//! The same holds for a `RefCell`, whose borrow counter is not atomic
//! (E0277, "`RefCell<Vec<u64>>` cannot be shared between threads safely");
//! a lock is the shareable counterpart:
//!
//! ```compile_fail,E0277
//! let seen = std::cell::RefCell::new(Vec::new());
//! fearless_scoped::for_each(&[1u64, 2, 3], |&x| seen.borrow_mut().push(x));
//! ```
//!
//! ```
//! let seen = fearless_core::sync::Mutex::new(Vec::new());
//! fearless_scoped::for_each(&[1u64, 2, 3], |&x| seen.lock().unwrap().push(x));
//! assert_eq!(seen.into_inner().unwrap().len(), 3);
//! ```
//!
//! Items shared between threads must be `Sync` (for the shared-slice
//! functions) or `Send` (for the `_mut` ones):
//!
//! ```compile_fail
//! let cells = vec![std::cell::Cell::new(1), std::cell::Cell::new(2)];
//! fearless_scoped::for_each(&cells, |c| c.set(c.get() + 1));
//! ```
//!
//! ```compile_fail
//! let mut shared = vec![std::rc::Rc::new(1), std::rc::Rc::new(2)];
//! fearless_scoped::for_each_mut(&mut shared, |rc| *rc = std::rc::Rc::new(3));
//! ```
//!
//! While `for_each_mut` holds the slice, the closure cannot read it too:
//!
//! ```compile_fail
//! let mut data = vec![1, 2, 3];
//! fearless_scoped::for_each_mut(&mut data, |x| *x += data.len());
//! ```
//!
//! Results may borrow the input (`map(&words, |w| w.as_str())` is fine),
//! but cannot outlive it:
//!
//! ```compile_fail
//! let firsts = {
//!     let words = vec![String::from("a"), String::from("b")];
//!     fearless_scoped::map(&words, |w| w.as_str())
//! };
//! assert_eq!(firsts.len(), 2);
//! ```
//!
//! # Loom
//!
//! loom has no scoped threads, so under `--cfg loom` only the claiming
//! logic (the part the loom models check) is compiled; the public API is
//! not available there. shuttle has scoped threads, so under
//! `--cfg shuttle` (which `cargo xtask shuttle` sets with `--cfg loom`)
//! the whole crate is built and its engine is model-checked whole.
// Only the `slots` module (the in-place output buffer of `map`) may use
// `unsafe`; it says why each block is sound.
#![deny(unsafe_code)]
// Under loom only the modelled parts are built; the rest of `claim` is idle.
#![cfg_attr(all(loom, not(shuttle)), allow(dead_code))]

mod claim;
mod error;

#[cfg(any(not(loom), shuttle))]
mod config;
#[cfg(any(not(loom), shuttle))]
mod engine;
// File processing needs scoped threads: built under shuttle (whose
// execution reads real files, written before the model starts), not under
// loom alone.
#[cfg(any(not(loom), shuttle))]
pub mod files;
#[cfg(any(not(loom), shuttle))]
mod ops;
#[cfg(any(not(loom), shuttle))]
mod slots;

#[cfg(any(not(loom), shuttle))]
pub use config::{DEFAULT_INLINE_THRESHOLD, Parallel, ParallelBuilder, Schedule, ThreadScope};
pub use error::{ConfigError, IndexedError, ItemPanic};

/// Calls `f` on every item of `data` in parallel, with the default
/// configuration. See [`Parallel::for_each`].
///
/// ```
/// use fearless_core::sync::atomic::{AtomicUsize, Ordering};
///
/// let names = vec!["ada", "grace", "barbara"];
/// let letters = AtomicUsize::new(0);
/// fearless_scoped::for_each(&names, |n| {
///     letters.fetch_add(n.len(), Ordering::Relaxed);
/// });
/// assert_eq!(letters.into_inner(), 15);
/// ```
#[cfg(any(not(loom), shuttle))]
pub fn for_each<'d, T, F>(data: &'d [T], f: F)
where
    T: Sync,
    F: Fn(&'d T) + Sync,
{
    Parallel::new().for_each(data, f)
}

/// Calls `f` on every item of `data` with exclusive access, in parallel,
/// with the default configuration. See [`Parallel::for_each_mut`].
///
/// ```
/// let mut prices = vec![10.0_f64, 20.0, 30.0];
/// fearless_scoped::for_each_mut(&mut prices, |p| *p *= 1.5);
/// assert_eq!(prices, [15.0, 30.0, 45.0]);
/// ```
#[cfg(any(not(loom), shuttle))]
pub fn for_each_mut<T, F>(data: &mut [T], f: F)
where
    T: Send,
    F: Fn(&mut T) + Sync,
{
    Parallel::new().for_each_mut(data, f)
}

/// The results of `f` on every item of `data`, in input order, with the
/// default configuration. See [`Parallel::map`].
///
/// ```
/// let squares = fearless_scoped::map(&[1, 2, 3], |x| x * x);
/// assert_eq!(squares, [1, 4, 9]);
/// ```
#[cfg(any(not(loom), shuttle))]
pub fn map<'d, T, R, F>(data: &'d [T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&'d T) -> R + Sync,
{
    Parallel::new().map(data, f)
}

/// Calls `f` on every item until one fails; returns that error with its
/// index. Default configuration; see [`Parallel::try_for_each`].
///
/// ```
/// let ok = fearless_scoped::try_for_each(&[1, 2, 3], |&x| if x > 0 { Ok(()) } else { Err(x) });
/// assert_eq!(ok, Ok(()));
/// ```
#[cfg(any(not(loom), shuttle))]
pub fn try_for_each<'d, T, E, F>(data: &'d [T], f: F) -> Result<(), IndexedError<E>>
where
    T: Sync,
    E: Send,
    F: Fn(&'d T) -> Result<(), E> + Sync,
{
    Parallel::new().try_for_each(data, f)
}

/// The results of `f` in input order, or the first error with its index.
/// Default configuration; see [`Parallel::try_map`].
///
/// ```
/// let parsed = fearless_scoped::try_map(&["7", "x"], |s| s.parse::<i32>());
/// assert_eq!(parsed.unwrap_err().index, 1);
/// ```
#[cfg(any(not(loom), shuttle))]
pub fn try_map<'d, T, R, E, F>(data: &'d [T], f: F) -> Result<Vec<R>, IndexedError<E>>
where
    T: Sync,
    R: Send,
    E: Send,
    F: Fn(&'d T) -> Result<R, E> + Sync,
{
    Parallel::new().try_map(data, f)
}

/// Calls `f(first index, sub-slice)` on sub-slices covering `data`, in
/// parallel, with the default configuration. See [`Parallel::chunks`].
///
/// ```
/// use fearless_core::sync::atomic::{AtomicU64, Ordering};
///
/// let data: Vec<u64> = (0..10_000).collect();
/// let total = AtomicU64::new(0);
/// fearless_scoped::chunks(&data, |_, chunk| {
///     total.fetch_add(chunk.iter().sum::<u64>(), Ordering::Relaxed);
/// });
/// assert_eq!(total.into_inner(), 49_995_000);
/// ```
#[cfg(any(not(loom), shuttle))]
pub fn chunks<'d, T, F>(data: &'d [T], f: F)
where
    T: Sync,
    F: Fn(usize, &'d [T]) + Sync,
{
    Parallel::new().chunks(data, f)
}

/// Calls `f(first index, sub-slice)` with exclusive access to sub-slices
/// covering `data`, in parallel, with the default configuration. See
/// [`Parallel::chunks_mut`].
///
/// ```
/// let mut pixels = vec![0u8; 4 * 1_000];
/// fearless_scoped::chunks_mut(&mut pixels, |_, chunk| chunk.fill(255));
/// assert!(pixels.iter().all(|&p| p == 255));
/// ```
#[cfg(any(not(loom), shuttle))]
pub fn chunks_mut<T, F>(data: &mut [T], f: F)
where
    T: Send,
    F: Fn(usize, &mut [T]) + Sync,
{
    Parallel::new().chunks_mut(data, f)
}
