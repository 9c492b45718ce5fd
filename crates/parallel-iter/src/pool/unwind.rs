//! Panic plumbing shared by `join`, `scope` and `spawn`.

use std::any::Any;
use std::panic;

/// Resumes a panic caught on this or another thread.
pub(super) fn resume_unwinding(payload: Box<dyn Any + Send>) -> ! {
    panic::resume_unwind(payload)
}
