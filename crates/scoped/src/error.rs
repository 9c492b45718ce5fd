//! The error values of a run: bad configuration, a failed item, a panicked
//! item.

use core::any::Any;
use core::fmt;

/// A [`ParallelBuilder`](crate::ParallelBuilder) setting that cannot work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// `threads(0)`: a run needs at least one thread.
    ZeroThreads,
    /// `chunk(0)`: a chunk holds at least one item.
    ZeroChunk,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ZeroThreads => f.write_str("the number of threads must be at least 1"),
            Self::ZeroChunk => f.write_str("the chunk size must be at least 1"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The error of a `try_*` run: the item at `index` returned `error`.
///
/// When several items fail, the one reported is the first whose error was
/// recorded, in time; errors returned after the run was stopped are
/// dropped. With exactly one failing item the report is deterministic.
///
/// ```
/// let data = [1, 2, -3, 4];
/// let err = fearless_scoped::try_for_each(&data, |&x| if x < 0 { Err("negative") } else { Ok(()) })
///     .unwrap_err();
/// assert_eq!((err.index, err.error), (2, "negative"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexedError<E> {
    /// Index (in the input slice) of the item that failed. For the chunk
    /// functions, the index of the first item of the failing chunk.
    pub index: usize,
    /// What the closure returned.
    pub error: E,
}

impl<E: fmt::Display> fmt::Display for IndexedError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "item {} failed: {}", self.index, self.error)
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for IndexedError<E> {}

/// The panic payload a run re-raises in the caller when an item panics:
/// the item's index and the original payload.
///
/// A run catches the first panic of any worker, stops the others, waits for
/// them, and then calls [`std::panic::resume_unwind`] with a boxed
/// `ItemPanic`. The original panic message was already printed by the panic
/// hook where it happened; catch the unwind and downcast to learn which
/// item it was. For the chunk functions `index` is the first item of the
/// chunk.
///
/// ```
/// use fearless_scoped::ItemPanic;
///
/// let data: Vec<u32> = (0..100).collect();
/// let caught = std::panic::catch_unwind(|| {
///     fearless_scoped::for_each(&data, |&x| assert!(x != 42, "no 42 please"));
/// })
/// .unwrap_err();
/// let panic = caught.downcast::<ItemPanic>().unwrap();
/// assert_eq!(panic.index, 42);
/// assert_eq!(panic.message(), Some("no 42 please"));
/// ```
pub struct ItemPanic {
    /// Index (in the input slice) of the item that panicked.
    pub index: usize,
    /// The payload the item panicked with.
    pub payload: Box<dyn Any + Send + 'static>,
}

impl ItemPanic {
    /// The panic message, when the payload is a string (as it is for
    /// `panic!`, `assert!` and friends).
    pub fn message(&self) -> Option<&str> {
        if let Some(s) = self.payload.downcast_ref::<&'static str>() {
            Some(s)
        } else {
            self.payload.downcast_ref::<String>().map(String::as_str)
        }
    }
}

impl fmt::Debug for ItemPanic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemPanic")
            .field("index", &self.index)
            .field("message", &self.message())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for ItemPanic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.message() {
            Some(m) => write!(f, "item {} panicked: {m}", self.index),
            None => write!(f, "item {} panicked", self.index),
        }
    }
}
