//! The `select!` and `select_biased!` macros: crossbeam-channel's syntax on
//! top of [`Select`](crate::Select).
//!
//! The macros parse their arms one at a time (a "tt muncher"), collecting
//! each operation with a fresh pair of identifiers (the channel reference
//! and the operation's index; hygiene keeps the pairs of different arms
//! apart), then expand to: evaluate every channel expression once, add the
//! operations to a `Select`, run `select`/`try_select`/`select_timeout`
//! (no default / `default` / `default(timeout)`), and run the body of the
//! arm whose index was chosen, after completing its operation.

/// Waits on several channel operations and runs the arm of the one that
/// completes; among several ready operations, picks one at random.
///
/// Arms (crossbeam-channel's syntax; separate them with commas, optional
/// after a `{ block }`):
///
/// - `recv(r) -> msg => body`: receive from `r`; `msg` is a
///   `Result<T, RecvError>` (`Err` once the channel is empty and
///   disconnected).
/// - `send(s, value) -> res => body`: send `value` into `s` (`value` is
///   evaluated only if this arm is chosen); `res` is a
///   `Result<(), SendError<T>>`.
/// - `default => body`: run if no operation is ready right now.
/// - `default(timeout) => body`: run if none became ready within `timeout`.
///
/// As in crossbeam-channel, `default() =>` is `default =>`, and a trailing
/// comma is accepted inside the parentheses (`recv(r,)`, `send(s, v,)`,
/// `default(t,)`) and after the last arm. `default` is taken only if no
/// operation was ready during the whole call (the select looks twice).
///
/// At most one `default` arm. Without one, `select!` blocks until an
/// operation completes.
///
/// ```
/// use fearless_channels::{select, unbounded};
/// use std::time::Duration;
///
/// let (s1, r1) = unbounded();
/// let (s2, r2) = unbounded::<&str>();
/// s1.send(1).unwrap();
///
/// select! {
///     recv(r1) -> msg => assert_eq!(msg, Ok(1)),
///     recv(r2) -> _msg => unreachable!("r2 is empty"),
/// }
///
/// let got = select! {
///     recv(r2) -> msg => msg.ok(),
///     default(Duration::from_millis(10)) => None,
/// };
/// assert_eq!(got, None);
///
/// select! {
///     send(s2, "hi") -> res => res.unwrap(),
///     default => unreachable!("an unbounded channel is never full"),
/// }
/// assert_eq!(r2.recv(), Ok("hi"));
/// ```
#[macro_export]
macro_rules! select {
    ($($arms:tt)*) => {
        $crate::__select_parse!(($crate::Select::new()) [] [] $($arms)*)
    };
}

/// Like [`select!`], but tries the operations in the order written and
/// takes the first that is ready.
///
/// ```
/// use fearless_channels::{select_biased, unbounded};
///
/// let (s1, r1) = unbounded();
/// let (s2, r2) = unbounded();
/// s1.send("first").unwrap();
/// s2.send("second").unwrap();
/// let got = select_biased! {
///     recv(r1) -> msg => msg.unwrap(),
///     recv(r2) -> msg => msg.unwrap(),
/// };
/// assert_eq!(got, "first");
/// ```
#[macro_export]
macro_rules! select_biased {
    ($($arms:tt)*) => {
        $crate::__select_parse!(($crate::Select::new_biased()) [] [] $($arms)*)
    };
}

/// crossbeam-channel's hidden macro behind its `select!`: the same arms,
/// biased or not after a `const _IS_BIASED: bool` in the caller's scope.
/// Some code written for crossbeam (its own std-mpsc shim among them) calls
/// it directly.
#[doc(hidden)]
#[macro_export]
macro_rules! crossbeam_channel_internal {
    ($($arms:tt)*) => {
        $crate::__select_parse!(
            (if _IS_BIASED { $crate::Select::new_biased() } else { $crate::Select::new() })
            [] [] $($arms)*
        )
    };
}

/// Parses the arms of `select!`: `(constructor) [operations] [default]
/// rest...`.
#[doc(hidden)]
#[macro_export]
macro_rules! __select_parse {
    // Done.
    ($ctor:tt [$($ops:tt)*] [$($default:tt)*]) => {
        $crate::__select_emit!($ctor [$($ops)*] [$($default)*])
    };
    // Separators.
    ($ctor:tt [$($ops:tt)*] [$($default:tt)*] , $($rest:tt)*) => {
        $crate::__select_parse!($ctor [$($ops)*] [$($default)*] $($rest)*)
    };
    // Trailing commas inside the parentheses, as crossbeam-channel allows:
    // rewritten to the plain forms.
    ($ctor:tt [$($ops:tt)*] [$($default:tt)*] recv($r:expr,) $($rest:tt)*) => {
        $crate::__select_parse!($ctor [$($ops)*] [$($default)*] recv($r) $($rest)*)
    };
    ($ctor:tt [$($ops:tt)*] [$($default:tt)*] send($s:expr, $v:expr,) $($rest:tt)*) => {
        $crate::__select_parse!($ctor [$($ops)*] [$($default)*] send($s, $v) $($rest)*)
    };
    ($ctor:tt [$($ops:tt)*] [$($default:tt)*] default() $($rest:tt)*) => {
        $crate::__select_parse!($ctor [$($ops)*] [$($default)*] default $($rest)*)
    };
    ($ctor:tt [$($ops:tt)*] [$($default:tt)*] default($t:expr,) $($rest:tt)*) => {
        $crate::__select_parse!($ctor [$($ops)*] [$($default)*] default($t) $($rest)*)
    };
    // recv(r) -> msg => { block }
    ($ctor:tt [$($ops:tt)*] [$($default:tt)*]
        recv($r:expr) -> $res:pat => { $($body:tt)* } $($rest:tt)*) => {
        $crate::__select_parse!($ctor
            [$($ops)* [recv handle index $r () $res { $($body)* }]]
            [$($default)*] $($rest)*)
    };
    // recv(r) -> msg => expr,
    ($ctor:tt [$($ops:tt)*] [$($default:tt)*]
        recv($r:expr) -> $res:pat => $body:expr $(, $($rest:tt)*)?) => {
        $crate::__select_parse!($ctor
            [$($ops)* [recv handle index $r () $res $body]]
            [$($default)*] $($($rest)*)?)
    };
    // send(s, v) -> res => { block }
    ($ctor:tt [$($ops:tt)*] [$($default:tt)*]
        send($s:expr, $v:expr) -> $res:pat => { $($body:tt)* } $($rest:tt)*) => {
        $crate::__select_parse!($ctor
            [$($ops)* [send handle index $s ($v) $res { $($body)* }]]
            [$($default)*] $($rest)*)
    };
    // send(s, v) -> res => expr,
    ($ctor:tt [$($ops:tt)*] [$($default:tt)*]
        send($s:expr, $v:expr) -> $res:pat => $body:expr $(, $($rest:tt)*)?) => {
        $crate::__select_parse!($ctor
            [$($ops)* [send handle index $s ($v) $res $body]]
            [$($default)*] $($($rest)*)?)
    };
    // default => { block }
    ($ctor:tt [$($ops:tt)*] [] default => { $($body:tt)* } $($rest:tt)*) => {
        $crate::__select_parse!($ctor [$($ops)*] [now { $($body)* }] $($rest)*)
    };
    // default => expr,
    ($ctor:tt [$($ops:tt)*] [] default => $body:expr $(, $($rest:tt)*)?) => {
        $crate::__select_parse!($ctor [$($ops)*] [now $body] $($($rest)*)?)
    };
    // default(timeout) => { block }
    ($ctor:tt [$($ops:tt)*] []
        default($t:expr) => { $($body:tt)* } $($rest:tt)*) => {
        $crate::__select_parse!($ctor [$($ops)*] [($t) { $($body)* }] $($rest)*)
    };
    // default(timeout) => expr,
    ($ctor:tt [$($ops:tt)*] [] default($t:expr) => $body:expr $(, $($rest:tt)*)?) => {
        $crate::__select_parse!($ctor [$($ops)*] [($t) $body] $($($rest)*)?)
    };
    // Anything else.
    ($ctor:tt [$($ops:tt)*] [$($default:tt)+] default $($rest:tt)*) => {
        ::core::compile_error!("a `select!` may have at most one `default` arm")
    };
    ($ctor:tt [$($ops:tt)*] [$($default:tt)*] $($rest:tt)*) => {
        ::core::compile_error!(
            "expected `recv(r) -> msg => ..`, `send(s, v) -> res => ..`, \
             `default => ..` or `default(timeout) => ..`"
        )
    };
}

/// Expands the parsed arms of `select!`.
#[doc(hidden)]
#[macro_export]
macro_rules! __select_emit {
    ($ctor:tt [$([$kind:ident $h:ident $i:ident $chan:tt $v:tt $res:tt $body:tt])*]
        $default:tt) => {
        $crate::__select_bind!([$([$h $chan])*] {
            let mut sel = $ctor;
            $( let $i = $crate::__select_add!(sel, $kind, $h); )*
            $crate::__select_run!(sel [$([$kind $h $i $v $res $body])*] $default)
        })
    };
}

/// Evaluates each channel expression once and binds a reference to it, in
/// nested `match`es, so that temporaries in those expressions (such as
/// `recv(Some(&r).unwrap_or(&never()))`) live until the select is over.
#[doc(hidden)]
#[macro_export]
macro_rules! __select_bind {
    ([] $body:tt) => {
        $body
    };
    ([[$h:ident $chan:tt] $($rest:tt)*] $body:tt) => {
        match &$chan {
            $h => $crate::__select_bind!([$($rest)*] $body),
        }
    };
}

/// Runs the select: blocking, `default` or `default(timeout)`.
#[doc(hidden)]
#[macro_export]
macro_rules! __select_run {
    ($sel:ident $ops:tt []) => {{
        let oper = $sel.select();
        $crate::__select_dispatch!(oper $ops)
    }};
    ($sel:ident $ops:tt [now $default:tt]) => {
        match $sel.try_select() {
            ::core::result::Result::Ok(oper) => $crate::__select_dispatch!(oper $ops),
            ::core::result::Result::Err(_) => $default,
        }
    };
    ($sel:ident $ops:tt [($t:expr) $default:tt]) => {
        match $sel.select_timeout($t) {
            ::core::result::Result::Ok(oper) => $crate::__select_dispatch!(oper $ops),
            ::core::result::Result::Err(_) => $default,
        }
    };
}

/// Adds one parsed operation to the select.
#[doc(hidden)]
#[macro_export]
macro_rules! __select_add {
    ($sel:ident, recv, $h:ident) => {
        $sel.recv($h)
    };
    ($sel:ident, send, $h:ident) => {
        $sel.send($h)
    };
}

/// Completes the chosen operation and runs its arm.
#[doc(hidden)]
#[macro_export]
macro_rules! __select_dispatch {
    ($oper:ident [$([$kind:ident $h:ident $i:ident $v:tt $res:tt $body:tt])*]) => {{
        let chosen = $oper.index();
        $(
            if chosen == $i {
                #[allow(unused_variables)]
                let $res = $crate::__select_complete!($oper, $kind, $h, $v);
                $body
            } else
        )*
        {
            ::core::unreachable!("select chose an operation it does not have")
        }
    }};
}

/// Completes one operation.
#[doc(hidden)]
#[macro_export]
macro_rules! __select_complete {
    ($oper:ident, recv, $h:ident, ()) => {
        $oper.recv($h)
    };
    ($oper:ident, send, $h:ident, ($v:expr)) => {
        $oper.send($h, $v)
    };
}
