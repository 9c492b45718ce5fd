//! `walk_tree_prefix`, `walk_tree_postfix` and `walk_tree`: every node of
//! a tree given by its root and a function listing a node's children.
//!
//! A piece holds a list of subtrees to walk (in order) and, for the
//! prefix order, nodes already expanded that must come before them (for
//! the postfix order, after them). To split, a piece with one subtree
//! expands its root; a piece with several gives the first half to a new
//! left piece. A piece that is not split walks its subtrees sequentially
//! (depth-first, recursion as deep as the tree).

use super::ParallelIterator;
use super::plumbing::{Folder, UnindexedConsumer, UnindexedProducer, bridge_unindexed};
use std::fmt;

/// Every node of the tree, parents before their children and children in
/// the order `children_of` lists them (prefix order).
///
/// ```
/// use fearless_par::iter::walk_tree_prefix;
/// use fearless_par::prelude::*;
///
/// // The tree of numbers below 10 where `n` has children `2n+1`, `2n+2`.
/// let v: Vec<u32> = walk_tree_prefix(0u32, |&n| [2 * n + 1, 2 * n + 2].into_iter().filter(|&c| c < 10))
///     .collect();
/// assert_eq!(v, [0, 1, 3, 7, 8, 4, 9, 2, 5, 6]);
/// ```
pub fn walk_tree_prefix<S, B, I>(root: S, children_of: B) -> WalkTreePrefix<S, B>
where
    S: Send,
    B: Fn(&S) -> I + Send + Sync,
    I: IntoIterator<Item = S, IntoIter: DoubleEndedIterator>,
{
    WalkTreePrefix { root, children_of }
}

/// Every node of the tree, children (in the order `children_of` lists
/// them) before their parent (postfix order).
///
/// ```
/// use fearless_par::iter::walk_tree_postfix;
/// use fearless_par::prelude::*;
///
/// let v: Vec<u32> = walk_tree_postfix(0u32, |&n| [2 * n + 1, 2 * n + 2].into_iter().filter(|&c| c < 7))
///     .collect();
/// assert_eq!(v, [3, 4, 1, 5, 6, 2, 0]);
/// ```
pub fn walk_tree_postfix<S, B, I>(root: S, children_of: B) -> WalkTreePostfix<S, B>
where
    S: Send,
    B: Fn(&S) -> I + Send + Sync,
    I: IntoIterator<Item = S>,
{
    WalkTreePostfix { root, children_of }
}

/// Every node of the tree, in an unspecified order (currently prefix).
pub fn walk_tree<S, B, I>(root: S, children_of: B) -> WalkTree<S, B>
where
    S: Send,
    B: Fn(&S) -> I + Send + Sync,
    I: IntoIterator<Item = S, IntoIter: DoubleEndedIterator>,
{
    WalkTree(walk_tree_prefix(root, children_of))
}

/// The iterator made by [`walk_tree_prefix()`].
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct WalkTreePrefix<S, B> {
    root: S,
    children_of: B,
}

/// The iterator made by [`walk_tree_postfix()`].
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct WalkTreePostfix<S, B> {
    root: S,
    children_of: B,
}

/// The iterator made by [`walk_tree()`].
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct WalkTree<S, B>(WalkTreePrefix<S, B>);

impl<S: fmt::Debug, B> fmt::Debug for WalkTreePrefix<S, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WalkTreePrefix")
            .field("root", &self.root)
            .finish()
    }
}

impl<S: fmt::Debug, B> fmt::Debug for WalkTreePostfix<S, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WalkTreePostfix")
            .field("root", &self.root)
            .finish()
    }
}

impl<S: fmt::Debug, B> fmt::Debug for WalkTree<S, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WalkTree")
            .field("root", &self.0.root)
            .finish()
    }
}

impl<S, B, I> ParallelIterator for WalkTreePrefix<S, B>
where
    S: Send,
    B: Fn(&S) -> I + Send + Sync,
    I: IntoIterator<Item = S, IntoIter: DoubleEndedIterator>,
{
    type Item = S;

    fn drive_unindexed<C: UnindexedConsumer<S>>(self, consumer: C) -> C::Result {
        let producer = TreeProducer {
            expanded: Vec::new(),
            subtrees: vec![self.root],
            children_of: &self.children_of,
            postfix: false,
        };
        bridge_unindexed(producer, consumer)
    }
}

impl<S, B, I> ParallelIterator for WalkTreePostfix<S, B>
where
    S: Send,
    B: Fn(&S) -> I + Send + Sync,
    I: IntoIterator<Item = S>,
{
    type Item = S;

    fn drive_unindexed<C: UnindexedConsumer<S>>(self, consumer: C) -> C::Result {
        let producer = TreeProducer {
            expanded: Vec::new(),
            subtrees: vec![self.root],
            children_of: &self.children_of,
            postfix: true,
        };
        bridge_unindexed(producer, consumer)
    }
}

impl<S, B, I> ParallelIterator for WalkTree<S, B>
where
    S: Send,
    B: Fn(&S) -> I + Send + Sync,
    I: IntoIterator<Item = S, IntoIter: DoubleEndedIterator>,
{
    type Item = S;

    fn drive_unindexed<C: UnindexedConsumer<S>>(self, consumer: C) -> C::Result {
        self.0.drive_unindexed(consumer)
    }
}

/// A piece of a walk: `expanded` nodes (yielded before the subtrees in
/// prefix order, after them in postfix order, in reverse nesting) and the
/// `subtrees` to walk in order.
struct TreeProducer<'b, S, B> {
    expanded: Vec<S>,
    subtrees: Vec<S>,
    children_of: &'b B,
    postfix: bool,
}

impl<S, B, I> UnindexedProducer for TreeProducer<'_, S, B>
where
    S: Send,
    B: Fn(&S) -> I + Sync,
    I: IntoIterator<Item = S>,
{
    type Item = S;

    fn split(mut self) -> (Self, Option<Self>) {
        // Expand single subtrees until there are two to share (or none).
        while self.subtrees.len() == 1 {
            let Some(root) = self.subtrees.pop() else {
                break;
            };
            self.subtrees = (self.children_of)(&root).into_iter().collect();
            self.expanded.push(root);
        }
        if self.subtrees.len() < 2 {
            return (self, None);
        }
        let right_subtrees = self.subtrees.split_off(self.subtrees.len() / 2);
        let children_of = self.children_of;
        let postfix = self.postfix;
        // Prefix: the expanded nodes come first, so they go left. Postfix:
        // they come last, so they go right.
        let (left_expanded, right_expanded) = if postfix {
            (Vec::new(), self.expanded)
        } else {
            (self.expanded, Vec::new())
        };
        (
            TreeProducer {
                expanded: left_expanded,
                subtrees: self.subtrees,
                children_of,
                postfix,
            },
            Some(TreeProducer {
                expanded: right_expanded,
                subtrees: right_subtrees,
                children_of,
                postfix,
            }),
        )
    }

    fn fold_with<F: Folder<S>>(self, mut folder: F) -> F {
        let children_of = self.children_of;
        if self.postfix {
            for subtree in self.subtrees {
                folder = walk_postfix(subtree, children_of, folder);
                if folder.full() {
                    return folder;
                }
            }
            // The deepest expanded node is the last pushed; it comes first.
            folder.consume_iter(self.expanded.into_iter().rev())
        } else {
            folder = folder.consume_iter(self.expanded);
            for subtree in self.subtrees {
                if folder.full() {
                    break;
                }
                folder = walk_prefix(subtree, children_of, folder);
            }
            folder
        }
    }
}

/// Walks one subtree parent-first.
fn walk_prefix<S, B, I, F>(node: S, children_of: &B, folder: F) -> F
where
    B: Fn(&S) -> I,
    I: IntoIterator<Item = S>,
    F: Folder<S>,
{
    let children = children_of(&node);
    let mut folder = folder.consume(node);
    for child in children {
        if folder.full() {
            break;
        }
        folder = walk_prefix(child, children_of, folder);
    }
    folder
}

/// Walks one subtree children-first.
fn walk_postfix<S, B, I, F>(node: S, children_of: &B, mut folder: F) -> F
where
    B: Fn(&S) -> I,
    I: IntoIterator<Item = S>,
    F: Folder<S>,
{
    for child in children_of(&node) {
        folder = walk_postfix(child, children_of, folder);
        if folder.full() {
            return folder;
        }
    }
    folder.consume(node)
}
