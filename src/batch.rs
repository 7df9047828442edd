//! Batch runs: how the documents of a run are grouped and processed.
//!
//! A run reads its input in chunks of at most [`CHUNK_DOCUMENTS`] documents and
//! about [`CHUNK_BYTES`] bytes, processes a chunk, writes its results in input
//! order and moves on. Memory therefore depends on the chunk size, not on how many
//! documents an archive holds, and output is the same whatever the scheduling.

/// Most documents in one chunk: enough to keep every core busy between the
/// sequential read and write steps, few enough that their results are small.
pub const CHUNK_DOCUMENTS: usize = 512;

/// About how many input bytes one chunk holds (a chunk always holds at least one
/// document, however large).
pub const CHUNK_BYTES: usize = 8 * 1024 * 1024;

/// Applies `f` to every item, returning the results in the items' order.
pub fn map_ordered<T, R>(items: Vec<T>, f: impl Fn(T) -> R) -> Vec<R> {
    items.into_iter().map(f).collect()
}
