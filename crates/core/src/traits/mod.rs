//! The traits that the technique crates implement.
//!
//! Each trait is small and documents the guarantees every implementation
//! gives, so that generic code (benches, worker pools, applications) is
//! written once and instantiated for each backend.

pub mod channel;
mod counter;
mod executor;
mod lock;

pub use channel::{ChannelImpl, ChannelReceiver, ChannelSender};
pub use counter::SharedCounter;
pub use executor::{Executor, Job, Rejected};
pub use lock::{Lock, ReadWriteLock, retry_until};
