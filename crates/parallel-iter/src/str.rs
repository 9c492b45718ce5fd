//! Parallel operations on string slices (`ParallelString`).

/// Parallel operations on `str` (and, through `Deref`, `String`).
pub trait ParallelString {
    /// The string itself.
    fn as_parallel_string(&self) -> &str;
}

impl ParallelString for str {
    fn as_parallel_string(&self) -> &str {
        self
    }
}
