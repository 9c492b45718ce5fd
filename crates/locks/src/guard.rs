//! Plumbing the facade's guards share: the poison-on-panic wrapper of every
//! exclusive guard, and the `Debug` form of a facade lock.

use std::fmt;
use std::ops::{Deref, DerefMut};

use crate::poison::PoisonFlag;

/// A backend guard with exclusive access that marks the lock's poison flag
/// if it is dropped while its thread panics: the body of
/// [`MutexGuard`](crate::MutexGuard) and
/// [`RwLockWriteGuard`](crate::RwLockWriteGuard).
pub(crate) struct Poisoning<'a, G> {
    guard: G,
    poison: &'a PoisonFlag,
}

impl<'a, G> Poisoning<'a, G> {
    #[inline(always)]
    pub(crate) fn new(guard: G, poison: &'a PoisonFlag) -> Self {
        Self { guard, poison }
    }
}

impl<G: Deref> Deref for Poisoning<'_, G> {
    type Target = G::Target;

    #[inline(always)]
    fn deref(&self) -> &G::Target {
        &self.guard
    }
}

impl<G: DerefMut> DerefMut for Poisoning<'_, G> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut G::Target {
        &mut self.guard
    }
}

impl<G> Drop for Poisoning<'_, G> {
    #[inline]
    fn drop(&mut self) {
        // Runs before `guard` drops, i.e. before the unlock.
        self.poison.mark_if_panicking();
    }
}

/// The `Debug` form of a facade lock: its data if `data` got at it without
/// waiting, else `<locked>`, and whether it is poisoned.
pub(crate) fn debug_lock<T: fmt::Debug + ?Sized>(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    data: Option<&T>,
    poisoned: bool,
) -> fmt::Result {
    let mut d = f.debug_struct(name);
    match data {
        Some(data) => d.field("data", &data),
        None => d.field("data", &format_args!("<locked>")),
    };
    d.field("poisoned", &poisoned).finish()
}

/// The trait impls every facade guard repeats: `Deref` to the data through
/// the guard's `inner` field (and `DerefMut` for the `mut` form), and
/// `Debug` as the data.
macro_rules! guard_impls {
    ($guard:ident, $bound:ident) => {
        impl<T, L: $bound<T>> std::ops::Deref for $guard<'_, T, L> {
            type Target = T;

            #[inline(always)]
            fn deref(&self) -> &T {
                &self.inner
            }
        }

        impl<T: std::fmt::Debug, L: $bound<T>> std::fmt::Debug for $guard<'_, T, L> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&**self, f)
            }
        }
    };
    ($guard:ident, $bound:ident, mut) => {
        $crate::guard::guard_impls!($guard, $bound);

        impl<T, L: $bound<T>> std::ops::DerefMut for $guard<'_, T, L> {
            #[inline(always)]
            fn deref_mut(&mut self) -> &mut T {
                &mut self.inner
            }
        }
    };
}

/// The constructors-by-trait both facade locks share: `Default` and
/// `From<T>`, each wrapping a new backend lock.
macro_rules! lock_impls {
    ($lock:ident, $bound:ident) => {
        impl<T: Default, L: $bound<T>> Default for $lock<T, L> {
            fn default() -> Self {
                Self::from_backend(L::new(T::default()))
            }
        }

        impl<T, L: $bound<T>> From<T> for $lock<T, L> {
            fn from(value: T) -> Self {
                Self::from_backend(L::new(value))
            }
        }
    };
}

pub(crate) use {guard_impls, lock_impls};
