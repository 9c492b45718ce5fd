//! The boilerplate shared by adaptors that only wrap the consumer: a
//! consumer `{ base, op: &P }` that splits by splitting its base and folds
//! through a folder `{ base, op }` of the same shape. Each adaptor writes
//! only its folder's `Folder` impl.

/// Declares `$folder` and implements `Consumer<T>`/`UnindexedConsumer<T>`
/// for `$consumer<'p, C, P>`, whose base consumes `$out`. The consumer is
/// full when its base is, or when `$stop` (given the `op`) holds.
macro_rules! consumer_only {
    (
        $consumer:ident, $folder:ident, [$($gen:ident),*], in $in:ty, out $out:ty,
        stop |$o:ident| $stop:expr, $($op_bound:tt)*
    ) => {
        /// The folder of the consumer of the same name.
        struct $folder<'p, C, P> {
            base: C,
            op: &'p P,
        }

        impl<'p, $($gen),*> $crate::iter::plumbing::Consumer<$in> for $consumer<'p, C, P>
        where
            C: $crate::iter::plumbing::Consumer<$out>,
            $($op_bound)*
        {
            type Folder = $folder<'p, C::Folder, P>;
            type Reducer = C::Reducer;
            type Result = C::Result;

            fn split_at(self, index: usize) -> (Self, Self, C::Reducer) {
                let (left, right, reducer) = self.base.split_at(index);
                (
                    $consumer { base: left, op: self.op },
                    $consumer { base: right, op: self.op },
                    reducer,
                )
            }

            fn into_folder(self) -> Self::Folder {
                $folder { base: self.base.into_folder(), op: self.op }
            }

            fn full(&self) -> bool {
                let $o = self.op;
                $stop || self.base.full()
            }
        }

        impl<'p, $($gen),*> $crate::iter::plumbing::UnindexedConsumer<$in> for $consumer<'p, C, P>
        where
            C: $crate::iter::plumbing::UnindexedConsumer<$out>,
            $($op_bound)*
        {
            fn split_off_left(&self) -> Self {
                $consumer { base: self.base.split_off_left(), op: self.op }
            }

            fn to_reducer(&self) -> C::Reducer {
                self.base.to_reducer()
            }
        }
    };
    (
        $consumer:ident, $folder:ident, [$($gen:ident),*], $out:ty,
        stop |$o:ident| $stop:expr, $($op_bound:tt)*
    ) => {
        $crate::iter::wrap::consumer_only!(
            $consumer, $folder, [$($gen),*], in T, out $out, stop |$o| $stop, $($op_bound)*
        );
    };
}

pub(super) use consumer_only;
