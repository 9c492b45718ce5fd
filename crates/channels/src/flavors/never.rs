//! The flavor behind [`never`](crate::never): a receiver that never gets a
//! message and is never disconnected. In a select it is an operation that
//! is never chosen (crossbeam-channel's idiom for disabling an arm).

use crate::context::{Context, Operation};
use crate::deadline::sleep_until;
use crate::err::{RecvTimeoutError, TryRecvError};
use crate::select::{SelectHandle, Token};
use std::marker::PhantomData;
use std::time::Instant;

/// A channel without sender; no state at all.
pub(crate) struct Channel<T> {
    _marker: PhantomData<fn() -> T>,
}

impl<T> Channel<T> {
    pub(crate) const fn new() -> Self {
        Channel {
            _marker: PhantomData,
        }
    }

    pub(crate) fn try_recv(&self) -> Result<T, TryRecvError> {
        Err(TryRecvError::Empty)
    }

    /// Sleeps until `deadline` (forever without one), then times out.
    pub(crate) fn recv(&self, deadline: Option<Instant>) -> Result<T, RecvTimeoutError> {
        sleep_until(deadline);
        Err(RecvTimeoutError::Timeout)
    }
}

impl<T> SelectHandle for Channel<T> {
    fn try_select(&self, _token: &mut Token) -> bool {
        false
    }

    fn register(&self, _oper: Operation, _cx: &Context) -> bool {
        false
    }

    fn unregister(&self, _oper: Operation, _cx: &Context) {}

    fn accept(&self, _token: &mut Token, _cx: &Context) -> bool {
        false
    }

    fn is_ready(&self) -> bool {
        false
    }

    fn watch(&self, _oper: Operation, _cx: &Context) -> bool {
        false
    }

    fn unwatch(&self, _oper: Operation, _cx: &Context) {}
}
