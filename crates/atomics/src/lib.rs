//! Lock-free metrics for "millions of updates per second".
//!
//! Every update path here is a handful of atomic instructions: no locks, no
//! allocation. Each type documents the memory orderings it uses and why they
//! suffice.
//!
//! ```
//! use fearless_atomics::{Counter, StopFlag};
//!
//! let requests = Counter::new();
//! requests.inc();
//! requests.add(2);
//! assert_eq!(requests.get(), 3);
//!
//! let stop = StopFlag::new();
//! assert!(!stop.is_stopped());
//! stop.stop();
//! assert!(stop.is_stopped());
//! ```
#![forbid(unsafe_code)]

mod counter;
mod stop_flag;

pub use counter::Counter;
pub use stop_flag::StopFlag;
