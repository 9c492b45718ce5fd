//! Parallel operations on string slices: `ParallelString`, with rayon's
//! methods (`par_chars`, `par_lines`, `par_split`, ...).
//!
//! A string is cut at a character boundary near its middle (or, for the
//! splitting methods, at a separator near its middle), so every piece is
//! a valid `str` whose sequential iterator gives that piece's items.
//! Patterns are single characters, as in rayon: a `char`, a set of chars
//! (`&[char]`, `[char; N]`, `&[char; N]`) or a `Fn(char) -> bool`.

use crate::iter::ParallelIterator;
use crate::iter::plumbing::{Folder, UnindexedConsumer, UnindexedProducer, bridge_unindexed};
use crate::split_producer::SplitProducer;

/// The character boundary at or after `mid` (the end at worst).
pub(crate) fn char_boundary_near(s: &str, mid: usize) -> usize {
    (mid..s.len())
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(s.len())
}

mod private {
    /// Seals [`super::Pattern`].
    pub trait Sealed {}
}

/// A pattern of single characters for the splitting and matching methods
/// of [`ParallelString`]. Sealed.
pub trait Pattern: private::Sealed + Sync + Send {
    /// Whether `c` matches.
    #[doc(hidden)]
    fn is_match(&self, c: char) -> bool;
}

impl private::Sealed for char {}
impl Pattern for char {
    fn is_match(&self, c: char) -> bool {
        *self == c
    }
}

impl private::Sealed for &[char] {}
impl Pattern for &[char] {
    fn is_match(&self, c: char) -> bool {
        self.contains(&c)
    }
}

impl<const N: usize> private::Sealed for [char; N] {}
impl<const N: usize> Pattern for [char; N] {
    fn is_match(&self, c: char) -> bool {
        self.contains(&c)
    }
}

impl<const N: usize> private::Sealed for &[char; N] {}
impl<const N: usize> Pattern for &[char; N] {
    fn is_match(&self, c: char) -> bool {
        self.contains(&c)
    }
}

impl<F: Fn(char) -> bool + Sync + Send> private::Sealed for F {}
impl<F: Fn(char) -> bool + Sync + Send> Pattern for F {
    fn is_match(&self, c: char) -> bool {
        self(c)
    }
}

/// Parallel operations on `str` (and, through `Deref`, `String`).
pub trait ParallelString {
    /// The string itself.
    fn as_parallel_string(&self) -> &str;

    /// The characters, in order.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!("héllo".par_chars().filter(|c| c.is_ascii()).count(), 4);
    /// ```
    fn par_chars(&self) -> Chars<'_> {
        Chars {
            chars: self.as_parallel_string(),
        }
    }

    /// The characters with their byte offsets, in order.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<(usize, char)> = "aé!".par_char_indices().collect();
    /// assert_eq!(v, [(0, 'a'), (1, 'é'), (3, '!')]);
    /// ```
    fn par_char_indices(&self) -> CharIndices<'_> {
        CharIndices {
            chars: self.as_parallel_string(),
        }
    }

    /// The bytes, in order.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!("abc".par_bytes().map(u32::from).sum::<u32>(), 294);
    /// ```
    fn par_bytes(&self) -> Bytes<'_> {
        Bytes {
            chars: self.as_parallel_string(),
        }
    }

    /// The UTF-16 code units, in order.
    fn par_encode_utf16(&self) -> EncodeUtf16<'_> {
        EncodeUtf16 {
            chars: self.as_parallel_string(),
        }
    }

    /// The substrings between separators; as `str::split`.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<&str> = "a,b,,c".par_split(',').collect();
    /// assert_eq!(v, ["a", "b", "", "c"]);
    /// ```
    fn par_split<P: Pattern>(&self, separator: P) -> Split<'_, P> {
        Split {
            chars: self.as_parallel_string(),
            separator,
        }
    }

    /// The substrings each ending with a separator (the last may not); as
    /// `str::split_inclusive`.
    fn par_split_inclusive<P: Pattern>(&self, separator: P) -> SplitInclusive<'_, P> {
        SplitInclusive {
            chars: self.as_parallel_string(),
            separator,
        }
    }

    /// The substrings between terminators, without a trailing empty one;
    /// as `str::split_terminator`.
    fn par_split_terminator<P: Pattern>(&self, terminator: P) -> SplitTerminator<'_, P> {
        SplitTerminator {
            chars: self.as_parallel_string(),
            terminator,
        }
    }

    /// The lines (ended by `\n` or `\r\n`, which are removed); as
    /// `str::lines`.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<&str> = "one\r\ntwo\n\nthree\n".par_lines().collect();
    /// assert_eq!(v, ["one", "two", "", "three"]);
    /// ```
    fn par_lines(&self) -> Lines<'_> {
        Lines(self.as_parallel_string())
    }

    /// The non-empty substrings between Unicode whitespace; as
    /// `str::split_whitespace`.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<&str> = "  a  b\tc\n".par_split_whitespace().collect();
    /// assert_eq!(v, ["a", "b", "c"]);
    /// ```
    fn par_split_whitespace(&self) -> SplitWhitespace<'_> {
        SplitWhitespace(self.as_parallel_string())
    }

    /// The non-empty substrings between ASCII whitespace; as
    /// `str::split_ascii_whitespace`.
    fn par_split_ascii_whitespace(&self) -> SplitAsciiWhitespace<'_> {
        SplitAsciiWhitespace(self.as_parallel_string())
    }

    /// The matches of `pattern`, in order; as `str::matches`.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!("a1b22c".par_matches(char::is_numeric).count(), 3);
    /// ```
    fn par_matches<P: Pattern>(&self, pattern: P) -> Matches<'_, P> {
        Matches {
            chars: self.as_parallel_string(),
            pattern,
        }
    }

    /// The matches of `pattern` with their byte offsets, in order; as
    /// `str::match_indices`.
    fn par_match_indices<P: Pattern>(&self, pattern: P) -> MatchIndices<'_, P> {
        MatchIndices {
            chars: self.as_parallel_string(),
            pattern,
        }
    }
}

impl ParallelString for str {
    fn as_parallel_string(&self) -> &str {
        self
    }
}

/// What a piece of a string yields, given the piece and its byte offset
/// in the whole string.
trait Pieces<'ch>: Sync {
    type Item: Send;
    fn fold<F: Folder<Self::Item>>(&self, s: &'ch str, offset: usize, folder: F) -> F;
}

/// A piece of a string, cut at character boundaries near the middle.
struct StrProducer<'ch, 'k, K> {
    s: &'ch str,
    offset: usize,
    kind: &'k K,
}

impl<'ch, K: Pieces<'ch>> UnindexedProducer for StrProducer<'ch, '_, K> {
    type Item = K::Item;

    fn split(self) -> (Self, Option<Self>) {
        let mid = char_boundary_near(self.s, self.s.len() / 2);
        if mid == 0 || mid == self.s.len() {
            return (self, None);
        }
        let (left, right) = self.s.split_at(mid);
        let kind = self.kind;
        (
            StrProducer {
                s: left,
                offset: self.offset,
                kind,
            },
            Some(StrProducer {
                s: right,
                offset: self.offset + mid,
                kind,
            }),
        )
    }

    fn fold_with<F: Folder<K::Item>>(self, folder: F) -> F {
        self.kind.fold(self.s, self.offset, folder)
    }
}

/// Drives `consumer` with the pieces of `s` as `kind` yields them.
fn drive_pieces<'ch, K, C>(s: &'ch str, kind: &K, consumer: C) -> C::Result
where
    K: Pieces<'ch>,
    C: UnindexedConsumer<K::Item>,
{
    bridge_unindexed(StrProducer { s, offset: 0, kind }, consumer)
}

/// Declares an iterator type over a string whose items `$kind` folds.
macro_rules! piece_iter {
    (
        $(#[$doc:meta])* $name:ident, item $item:ty, kind $kind:ident,
        |$s:ident, $offset:ident, $folder:ident| $fold:expr
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        #[must_use = "parallel iterators are lazy and do nothing unless consumed"]
        pub struct $name<'ch> {
            chars: &'ch str,
        }

        /// The piece kind of the iterator of the similar name.
        struct $kind;

        impl<'ch> Pieces<'ch> for $kind {
            type Item = $item;
            fn fold<F: Folder<$item>>(&self, $s: &'ch str, $offset: usize, $folder: F) -> F {
                $fold
            }
        }

        impl<'ch> ParallelIterator for $name<'ch> {
            type Item = $item;

            fn drive_unindexed<C: UnindexedConsumer<$item>>(self, consumer: C) -> C::Result {
                drive_pieces(self.chars, &$kind, consumer)
            }
        }
    };
}

piece_iter!(
    /// The characters of a string; made by
    /// [`par_chars`](ParallelString::par_chars).
    Chars, item char, kind CharsKind,
    |s, _offset, folder| folder.consume_iter(s.chars())
);
piece_iter!(
    /// The characters of a string with their byte offsets; made by
    /// [`par_char_indices`](ParallelString::par_char_indices).
    CharIndices, item (usize, char), kind CharIndicesKind,
    |s, offset, folder| folder.consume_iter(s.char_indices().map(|(i, c)| (offset + i, c)))
);
piece_iter!(
    /// The UTF-16 code units of a string; made by
    /// [`par_encode_utf16`](ParallelString::par_encode_utf16).
    EncodeUtf16, item u16, kind EncodeUtf16Kind,
    |s, _offset, folder| folder.consume_iter(s.encode_utf16())
);

/// The bytes of a string; made by [`par_bytes`](ParallelString::par_bytes).
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Bytes<'ch> {
    chars: &'ch str,
}

impl ParallelIterator for Bytes<'_> {
    type Item = u8;

    fn drive_unindexed<C: UnindexedConsumer<u8>>(self, consumer: C) -> C::Result {
        use crate::iter::IntoParallelIterator;
        self.chars
            .as_bytes()
            .into_par_iter()
            .copied()
            .drive_unindexed(consumer)
    }

    fn opt_len(&self) -> Option<usize> {
        Some(self.chars.len())
    }
}

/// Matches of a pattern, with or without their offsets.
struct MatchesKind<'p, P, const WITH_OFFSET: bool>(&'p P);

impl<'ch, P: Pattern> Pieces<'ch> for MatchesKind<'_, P, false> {
    type Item = &'ch str;
    fn fold<F: Folder<&'ch str>>(&self, s: &'ch str, _offset: usize, folder: F) -> F {
        folder.consume_iter(s.matches(|c| self.0.is_match(c)))
    }
}

impl<'ch, P: Pattern> Pieces<'ch> for MatchesKind<'_, P, true> {
    type Item = (usize, &'ch str);
    fn fold<F: Folder<(usize, &'ch str)>>(&self, s: &'ch str, offset: usize, folder: F) -> F {
        let matches = s.match_indices(|c| self.0.is_match(c));
        folder.consume_iter(matches.map(|(i, m)| (offset + i, m)))
    }
}

/// The matches of a pattern; made by
/// [`par_matches`](ParallelString::par_matches).
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Matches<'ch, P: Pattern> {
    chars: &'ch str,
    pattern: P,
}

impl<'ch, P: Pattern> ParallelIterator for Matches<'ch, P> {
    type Item = &'ch str;

    fn drive_unindexed<C: UnindexedConsumer<&'ch str>>(self, consumer: C) -> C::Result {
        drive_pieces(
            self.chars,
            &MatchesKind::<P, false>(&self.pattern),
            consumer,
        )
    }
}

/// The matches of a pattern with their offsets; made by
/// [`par_match_indices`](ParallelString::par_match_indices).
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct MatchIndices<'ch, P: Pattern> {
    chars: &'ch str,
    pattern: P,
}

impl<'ch, P: Pattern> ParallelIterator for MatchIndices<'ch, P> {
    type Item = (usize, &'ch str);

    fn drive_unindexed<C: UnindexedConsumer<(usize, &'ch str)>>(self, consumer: C) -> C::Result {
        drive_pieces(self.chars, &MatchesKind::<P, true>(&self.pattern), consumer)
    }
}

/// Drives the parts of `s` between separators matching `pattern`.
fn drive_split<'ch, P, C>(
    s: &'ch str,
    pattern: &P,
    inclusive: bool,
    skip_last: bool,
    consumer: C,
) -> C::Result
where
    P: Pattern,
    C: UnindexedConsumer<&'ch str>,
{
    let sep = |c: char| pattern.is_match(c);
    let producer = SplitProducer {
        data: s,
        sep: &sep,
        inclusive,
        skip_last,
    };
    bridge_unindexed(producer, consumer)
}

macro_rules! split_iter {
    ($(#[$doc:meta])* $name:ident, $field:ident, inclusive $inclusive:literal, skip_last $skip:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        #[must_use = "parallel iterators are lazy and do nothing unless consumed"]
        pub struct $name<'ch, P: Pattern> {
            chars: &'ch str,
            $field: P,
        }

        impl<'ch, P: Pattern> ParallelIterator for $name<'ch, P> {
            type Item = &'ch str;

            fn drive_unindexed<C: UnindexedConsumer<&'ch str>>(self, consumer: C) -> C::Result {
                drive_split(self.chars, &self.$field, $inclusive, $skip, consumer)
            }
        }
    };
}

split_iter!(
    /// Substrings between separators; made by
    /// [`par_split`](ParallelString::par_split).
    Split, separator, inclusive false, skip_last false
);
split_iter!(
    /// Substrings each ending with a separator; made by
    /// [`par_split_inclusive`](ParallelString::par_split_inclusive).
    SplitInclusive, separator, inclusive true, skip_last false
);
split_iter!(
    /// Substrings between terminators; made by
    /// [`par_split_terminator`](ParallelString::par_split_terminator).
    SplitTerminator, terminator, inclusive false, skip_last true
);

/// The lines of a string; made by [`par_lines`](ParallelString::par_lines).
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Lines<'ch>(&'ch str);

fn without_cr(line: &str) -> &str {
    line.strip_suffix('\r').unwrap_or(line)
}

impl<'ch> ParallelIterator for Lines<'ch> {
    type Item = &'ch str;

    fn drive_unindexed<C: UnindexedConsumer<&'ch str>>(self, consumer: C) -> C::Result {
        self.0
            .par_split_terminator('\n')
            .map(without_cr)
            .drive_unindexed(consumer)
    }
}

fn not_empty(s: &&str) -> bool {
    !s.is_empty()
}

/// The whitespace-separated words of a string; made by
/// [`par_split_whitespace`](ParallelString::par_split_whitespace).
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct SplitWhitespace<'ch>(&'ch str);

impl<'ch> ParallelIterator for SplitWhitespace<'ch> {
    type Item = &'ch str;

    fn drive_unindexed<C: UnindexedConsumer<&'ch str>>(self, consumer: C) -> C::Result {
        self.0
            .par_split(char::is_whitespace)
            .filter(not_empty)
            .drive_unindexed(consumer)
    }
}

/// The ASCII-whitespace-separated words of a string; made by
/// [`par_split_ascii_whitespace`](ParallelString::par_split_ascii_whitespace).
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct SplitAsciiWhitespace<'ch>(&'ch str);

fn is_ascii_whitespace(c: char) -> bool {
    c.is_ascii_whitespace()
}

impl<'ch> ParallelIterator for SplitAsciiWhitespace<'ch> {
    type Item = &'ch str;

    fn drive_unindexed<C: UnindexedConsumer<&'ch str>>(self, consumer: C) -> C::Result {
        self.0
            .par_split(is_ascii_whitespace)
            .filter(not_empty)
            .drive_unindexed(consumer)
    }
}
