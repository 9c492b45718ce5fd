//! What every channel bench shares: the competitors as channel flavors
//! (flume and kanal are adapted here, bench-only), the capacities, and a
//! select operation for the flavors that have one; and the scenarios
//! themselves (`scenarios`).
#![allow(dead_code)] // each bench target uses a different subset

pub mod scenarios;

use fearless_core::channel::{
    ChannelImpl, ChannelReceiver, ChannelSender, RecvError, RecvTimeoutError, SendError,
    TryRecvError, TrySendError,
};
use std::time::Duration;

/// The capacity of a channel under test.
#[derive(Clone, Copy, Debug)]
pub enum Cap {
    /// `bounded(n)`.
    Bounded(usize),
    /// `unbounded()`.
    Unbounded,
}

impl Cap {
    /// A fresh channel of this capacity and flavor.
    pub fn make<F: ChannelImpl, T: Send + 'static>(self) -> (F::Sender<T>, F::Receiver<T>) {
        match self {
            Cap::Bounded(n) => F::bounded(n),
            Cap::Unbounded => F::unbounded(),
        }
    }

    /// The label used in group names: `bounded0`, `bounded1`, `boundedN`,
    /// `unbounded`.
    pub fn label(self, n: usize) -> String {
        match self {
            Cap::Bounded(c) if c == n => "boundedN".to_owned(),
            Cap::Bounded(c) => format!("bounded{c}"),
            Cap::Unbounded => "unbounded".to_owned(),
        }
    }
}

// ---------------------------------------------------------------------------
// flume
// ---------------------------------------------------------------------------

/// flume as a channel flavor.
pub enum Flume {}

/// flume's sender.
pub struct FlumeSender<T>(flume::Sender<T>);
/// flume's receiver.
pub struct FlumeReceiver<T>(pub flume::Receiver<T>);

impl<T> Clone for FlumeSender<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}
impl<T> Clone for FlumeReceiver<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T: Send> ChannelSender<T> for FlumeSender<T> {
    fn send(&self, msg: T) -> Result<(), SendError<T>> {
        self.0.send(msg).map_err(|e| SendError(e.0))
    }
    fn try_send(&self, msg: T) -> Result<(), TrySendError<T>> {
        self.0.try_send(msg).map_err(|e| match e {
            flume::TrySendError::Full(m) => TrySendError::Full(m),
            flume::TrySendError::Disconnected(m) => TrySendError::Disconnected(m),
        })
    }
}

impl<T: Send> ChannelReceiver<T> for FlumeReceiver<T> {
    fn recv(&self) -> Result<T, RecvError> {
        self.0.recv().map_err(|_| RecvError)
    }
    fn try_recv(&self) -> Result<T, TryRecvError> {
        self.0.try_recv().map_err(|e| match e {
            flume::TryRecvError::Empty => TryRecvError::Empty,
            flume::TryRecvError::Disconnected => TryRecvError::Disconnected,
        })
    }
    fn recv_timeout(&self, timeout: Duration) -> Result<T, RecvTimeoutError> {
        self.0.recv_timeout(timeout).map_err(|e| match e {
            flume::RecvTimeoutError::Timeout => RecvTimeoutError::Timeout,
            flume::RecvTimeoutError::Disconnected => RecvTimeoutError::Disconnected,
        })
    }
}

impl ChannelImpl for Flume {
    const NAME: &'static str = "flume";
    type Sender<T: Send + 'static> = FlumeSender<T>;
    type Receiver<T: Send + 'static> = FlumeReceiver<T>;
    fn bounded<T: Send + 'static>(cap: usize) -> (Self::Sender<T>, Self::Receiver<T>) {
        let (s, r) = flume::bounded(cap);
        (FlumeSender(s), FlumeReceiver(r))
    }
    fn unbounded<T: Send + 'static>() -> (Self::Sender<T>, Self::Receiver<T>) {
        let (s, r) = flume::unbounded();
        (FlumeSender(s), FlumeReceiver(r))
    }
}

// ---------------------------------------------------------------------------
// kanal
// ---------------------------------------------------------------------------

/// kanal as a channel flavor.
pub enum Kanal {}

/// kanal's sender.
pub struct KanalSender<T>(kanal::Sender<T>);
/// kanal's receiver.
pub struct KanalReceiver<T>(kanal::Receiver<T>);

impl<T> Clone for KanalSender<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}
impl<T> Clone for KanalReceiver<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T: Send> ChannelSender<T> for KanalSender<T> {
    fn send(&self, msg: T) -> Result<(), SendError<T>> {
        // kanal drops the message of a failed blocking send, so it cannot be
        // handed back; the benches never send on a disconnected channel.
        self.0
            .send(msg)
            .map_err(|e| panic!("kanal send failed ({e:?}); the message is lost"))
    }
    fn try_send(&self, msg: T) -> Result<(), TrySendError<T>> {
        let mut slot = Some(msg);
        match self.0.try_send_option(&mut slot) {
            Ok(true) => Ok(()),
            Ok(false) => Err(TrySendError::Full(slot.take().unwrap())),
            Err(_) => Err(TrySendError::Disconnected(slot.take().unwrap())),
        }
    }
}

impl<T: Send> ChannelReceiver<T> for KanalReceiver<T> {
    fn recv(&self) -> Result<T, RecvError> {
        self.0.recv().map_err(|_| RecvError)
    }
    fn try_recv(&self) -> Result<T, TryRecvError> {
        match self.0.try_recv() {
            Ok(Some(m)) => Ok(m),
            Ok(None) => Err(TryRecvError::Empty),
            Err(_) => Err(TryRecvError::Disconnected),
        }
    }
    fn recv_timeout(&self, timeout: Duration) -> Result<T, RecvTimeoutError> {
        self.0.recv_timeout(timeout).map_err(|e| match e {
            kanal::ReceiveErrorTimeout::Timeout => RecvTimeoutError::Timeout,
            _ => RecvTimeoutError::Disconnected,
        })
    }
}

impl ChannelImpl for Kanal {
    const NAME: &'static str = "kanal";
    type Sender<T: Send + 'static> = KanalSender<T>;
    type Receiver<T: Send + 'static> = KanalReceiver<T>;
    fn bounded<T: Send + 'static>(cap: usize) -> (Self::Sender<T>, Self::Receiver<T>) {
        let (s, r) = kanal::bounded(cap);
        (KanalSender(s), KanalReceiver(r))
    }
    fn unbounded<T: Send + 'static>() -> (Self::Sender<T>, Self::Receiver<T>) {
        let (s, r) = kanal::unbounded();
        (KanalSender(s), KanalReceiver(r))
    }
}

// ---------------------------------------------------------------------------
// Select, for the flavors that have it (std's mpsc and kanal do not).
// ---------------------------------------------------------------------------

/// A flavor that can wait on several receivers at once.
pub trait SelectFlavor: ChannelImpl {
    /// Receives one message from whichever of `rxs` is ready first.
    fn select_recv<T: Send + 'static>(rxs: &[Self::Receiver<T>]) -> T;
}

impl SelectFlavor for fearless_channels::FearlessChannel {
    fn select_recv<T: Send + 'static>(rxs: &[Self::Receiver<T>]) -> T {
        let mut sel = fearless_channels::Select::new();
        for r in rxs {
            sel.recv(r);
        }
        let op = sel.select();
        let i = op.index();
        op.recv(&rxs[i]).unwrap()
    }
}

impl SelectFlavor for fearless_core::channel::CrossbeamChannel {
    fn select_recv<T: Send + 'static>(rxs: &[Self::Receiver<T>]) -> T {
        let mut sel = crossbeam_channel::Select::new();
        for r in rxs {
            sel.recv(r);
        }
        let op = sel.select();
        let i = op.index();
        op.recv(&rxs[i]).unwrap()
    }
}

impl SelectFlavor for Flume {
    fn select_recv<T: Send + 'static>(rxs: &[Self::Receiver<T>]) -> T {
        rxs.iter()
            .fold(flume::Selector::new(), |sel, r| {
                sel.recv(&r.0, |m| m.unwrap())
            })
            .wait()
    }
}
