//! This crate's channel as a `fearless_core` channel implementation, so that the
//! worker pool, the benches and any generic application can run on it.

use crate::{Receiver, Sender};
use fearless_core::channel::{
    ChannelImpl, ChannelReceiver, ChannelSender, RecvError, RecvTimeoutError, SendError,
    TryRecvError, TrySendError,
};
use std::time::Duration;

/// This crate's channel ([`bounded`](crate::bounded) and
/// [`unbounded`](crate::unbounded)) as a [`ChannelImpl`]: the default queue
/// of [`WorkerPool`](crate::pool::WorkerPool). Its halves are the crate's own
/// [`Sender`] and [`Receiver`], already `Clone` and multi-consumer, and built
/// on the `fearless_core::sync` shim, so loom sees every step.
///
/// ```
/// use fearless_channels::FearlessChannel;
/// use fearless_core::channel::{ChannelImpl, ChannelReceiver, ChannelSender};
///
/// let (tx, rx) = FearlessChannel::bounded(1);
/// ChannelSender::send(&tx, 5).unwrap();
/// assert!(ChannelSender::try_send(&tx, 6).unwrap_err().is_full());
/// assert_eq!(ChannelReceiver::recv(&rx), Ok(5));
/// ```
#[derive(Debug, Clone, Copy)]
pub enum FearlessChannel {}

// The crate's errors are fearless-core's (re-exported), so the inherent
// methods already return the traits' error types: no conversion.
impl<T: Send> ChannelSender<T> for Sender<T> {
    fn send(&self, msg: T) -> Result<(), SendError<T>> {
        Sender::send(self, msg)
    }

    fn try_send(&self, msg: T) -> Result<(), TrySendError<T>> {
        Sender::try_send(self, msg)
    }
}

impl<T: Send> ChannelReceiver<T> for Receiver<T> {
    fn recv(&self) -> Result<T, RecvError> {
        Receiver::recv(self)
    }

    fn try_recv(&self) -> Result<T, TryRecvError> {
        Receiver::try_recv(self)
    }

    fn recv_timeout(&self, timeout: Duration) -> Result<T, RecvTimeoutError> {
        Receiver::recv_timeout(self, timeout)
    }
}

impl ChannelImpl for FearlessChannel {
    const NAME: &'static str = "fearless";
    type Sender<T: Send + 'static> = Sender<T>;
    type Receiver<T: Send + 'static> = Receiver<T>;

    fn bounded<T: Send + 'static>(cap: usize) -> (Self::Sender<T>, Self::Receiver<T>) {
        crate::bounded(cap)
    }

    fn unbounded<T: Send + 'static>() -> (Self::Sender<T>, Self::Receiver<T>) {
        crate::unbounded()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn the_crate_errors_are_the_traits_errors() {
        // One definition: a value of one is a value of the other.
        let e: fearless_core::channel::TrySendError<u8> = crate::TrySendError::Full(1);
        let back: crate::TrySendError<u8> = e;
        assert!(back.is_full());
        let _: crate::SendTimeoutError<()> = fearless_core::channel::SendTimeoutError::Timeout(());
    }

    #[test]
    fn errors_keep_their_messages_through_the_traits() {
        let (tx, rx) = <FearlessChannel as ChannelImpl>::bounded::<String>(1);
        ChannelSender::try_send(&tx, "a".into()).unwrap();
        let full = ChannelSender::try_send(&tx, "b".into()).unwrap_err();
        assert_eq!(full, TrySendError::Full("b".to_owned()));
        assert_eq!(ChannelReceiver::try_recv(&rx), Ok("a".to_owned()));
        assert_eq!(
            ChannelReceiver::recv_timeout(&rx, Duration::from_millis(1)),
            Err(RecvTimeoutError::Timeout)
        );
        drop(rx);
        let back = ChannelSender::send(&tx, "c".into()).unwrap_err();
        assert_eq!(back.into_inner(), "c");
        drop(tx);
        let (tx, rx) = <FearlessChannel as ChannelImpl>::unbounded::<u8>();
        drop(tx);
        assert_eq!(ChannelReceiver::recv(&rx), Err(RecvError));
        assert_eq!(
            ChannelReceiver::try_recv(&rx),
            Err(TryRecvError::Disconnected)
        );
    }
}
