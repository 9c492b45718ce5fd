//! `std::cell::UnsafeCell` with loom's `with`/`with_mut` API, untracked:
//! the cell of the std backend, and of the shuttle backend (shuttle does
//! not track cell accesses; loom and Miri do).

/// `std::cell::UnsafeCell` with the `with`/`with_mut` methods of
/// `loom::cell::UnsafeCell`, so code that uses it reads the same whether
/// or not loom is checking it.
#[derive(Debug, Default)]
#[repr(transparent)]
pub struct UnsafeCell<T: ?Sized>(std::cell::UnsafeCell<T>);

impl<T> UnsafeCell<T> {
    /// Wraps `value`.
    #[inline(always)]
    pub const fn new(value: T) -> Self {
        Self(std::cell::UnsafeCell::new(value))
    }

    /// Unwraps the value.
    #[inline(always)]
    pub fn into_inner(self) -> T {
        self.0.into_inner()
    }
}

impl<T: ?Sized> UnsafeCell<T> {
    /// Calls `f` with a shared raw pointer to the contents. Loom checks
    /// that no `with_mut` runs at the same time; on std the caller must
    /// uphold that.
    #[inline(always)]
    pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        f(self.0.get())
    }

    /// Calls `f` with a unique raw pointer to the contents. Loom checks
    /// that no other access runs at the same time; on std the caller must
    /// uphold that.
    #[inline(always)]
    pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }

    /// A mutable reference through exclusive access: always safe.
    #[inline(always)]
    pub fn get_mut(&mut self) -> &mut T {
        self.0.get_mut()
    }
}
