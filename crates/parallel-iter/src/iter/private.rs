//! A stable stand-in for the standard library's unstable `Try` trait, so
//! that `try_for_each`, `try_reduce` and `try_fold` accept `Option`,
//! `Result` and `ControlFlow` as rayon's do. Sealed: only those implement it.

use std::convert::Infallible;
use std::ops::ControlFlow::{self, Break, Continue};
use std::task::Poll;

mod sealed {
    pub trait Sealed {}
}

/// A value that either continues with an `Output` or stops with a
/// `Residual` (an `Option`, `Result`, `ControlFlow`, or a `Poll` of one).
/// Sealed: cannot be implemented outside this crate.
pub trait Try: sealed::Sealed {
    /// The value carried on success.
    type Output;
    /// What is carried on failure.
    type Residual;

    /// Wraps a success.
    fn from_output(output: Self::Output) -> Self;

    /// Wraps a failure.
    fn from_residual(residual: Self::Residual) -> Self;

    /// Continue with the output, or break with the residual.
    fn branch(self) -> ControlFlow<Self::Residual, Self::Output>;
}

impl<B, C> sealed::Sealed for ControlFlow<B, C> {}
impl<B, C> Try for ControlFlow<B, C> {
    type Output = C;
    type Residual = ControlFlow<B, Infallible>;

    fn from_output(output: C) -> Self {
        Continue(output)
    }

    fn from_residual(residual: Self::Residual) -> Self {
        match residual {
            Break(b) => Break(b),
        }
    }

    fn branch(self) -> ControlFlow<Self::Residual, C> {
        match self {
            Continue(c) => Continue(c),
            Break(b) => Break(Break(b)),
        }
    }
}

impl<T> sealed::Sealed for Option<T> {}
impl<T> Try for Option<T> {
    type Output = T;
    type Residual = Option<Infallible>;

    fn from_output(output: T) -> Self {
        Some(output)
    }

    fn from_residual(_: Option<Infallible>) -> Self {
        None
    }

    fn branch(self) -> ControlFlow<Option<Infallible>, T> {
        match self {
            Some(c) => Continue(c),
            None => Break(None),
        }
    }
}

impl<T, E> sealed::Sealed for Result<T, E> {}
impl<T, E> Try for Result<T, E> {
    type Output = T;
    type Residual = Result<Infallible, E>;

    fn from_output(output: T) -> Self {
        Ok(output)
    }

    fn from_residual(residual: Result<Infallible, E>) -> Self {
        match residual {
            Err(e) => Err(e),
        }
    }

    fn branch(self) -> ControlFlow<Result<Infallible, E>, T> {
        match self {
            Ok(c) => Continue(c),
            Err(e) => Break(Err(e)),
        }
    }
}

impl<T, E> sealed::Sealed for Poll<Result<T, E>> {}
impl<T, E> Try for Poll<Result<T, E>> {
    type Output = Poll<T>;
    type Residual = Result<Infallible, E>;

    fn from_output(output: Poll<T>) -> Self {
        output.map(Ok)
    }

    fn from_residual(residual: Result<Infallible, E>) -> Self {
        match residual {
            Err(e) => Poll::Ready(Err(e)),
        }
    }

    fn branch(self) -> ControlFlow<Result<Infallible, E>, Poll<T>> {
        match self {
            Poll::Pending => Continue(Poll::Pending),
            Poll::Ready(Ok(c)) => Continue(Poll::Ready(c)),
            Poll::Ready(Err(e)) => Break(Err(e)),
        }
    }
}

impl<T, E> sealed::Sealed for Poll<Option<Result<T, E>>> {}
impl<T, E> Try for Poll<Option<Result<T, E>>> {
    type Output = Poll<Option<T>>;
    type Residual = Result<Infallible, E>;

    fn from_output(output: Poll<Option<T>>) -> Self {
        match output {
            Poll::Ready(o) => Poll::Ready(o.map(Ok)),
            Poll::Pending => Poll::Pending,
        }
    }

    fn from_residual(residual: Result<Infallible, E>) -> Self {
        match residual {
            Err(e) => Poll::Ready(Some(Err(e))),
        }
    }

    fn branch(self) -> ControlFlow<Result<Infallible, E>, Poll<Option<T>>> {
        match self {
            Poll::Pending => Continue(Poll::Pending),
            Poll::Ready(None) => Continue(Poll::Ready(None)),
            Poll::Ready(Some(Ok(c))) => Continue(Poll::Ready(Some(c))),
            Poll::Ready(Some(Err(e))) => Break(Err(e)),
        }
    }
}
