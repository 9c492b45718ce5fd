//! The traits needed to use parallel iterators and parallel slices:
//! `use fearless_par::prelude::*;`.
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
    IntoParallelRefMutIterator, ParallelIterator,
};
pub use crate::slice::{ParallelSlice, ParallelSliceMut};
