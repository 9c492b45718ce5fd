//! The traits needed to use parallel iterators, parallel slices and
//! parallel strings: `use fearless_par::prelude::*;` (rayon's prelude).
//!
//! ```
//! use fearless_par::prelude::*;
//!
//! let mut v: Vec<u32> = (0..1_000).rev().collect();
//! v.par_sort();
//! assert!(v.par_iter().zip(&v[1..]).all(|(a, b)| a <= b));
//! ```

#![forbid(unsafe_code)]

pub use crate::iter::{
    FromParallelIterator, IndexedParallelIterator, IntoParallelIterator, IntoParallelRefIterator,
    IntoParallelRefMutIterator, ParallelBridge, ParallelDrainFull, ParallelDrainRange,
    ParallelExtend, ParallelIterator,
};
pub use crate::slice::{ParallelSlice, ParallelSliceMut};
pub use crate::str::ParallelString;
