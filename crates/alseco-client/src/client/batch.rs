//! Long account lists, split into chunks sent with bounded concurrency.

use super::error::Error;
use futures_util::stream::{self, StreamExt, TryStreamExt};
use std::future::Future;

/// How list methods (invoices by accounts or invoice numbers) split long inputs.
///
/// A list longer than `chunk_size` is sent as several requests of at most `chunk_size` items,
/// at most `max_concurrency` of them in flight at once; the results come back merged in input
/// order. If any chunk fails, the call fails with that chunk's error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchPolicy {
    /// The most items per request (`0` counts as `1`).
    pub chunk_size: usize,
    /// The most requests in flight at once (`0` counts as `1`).
    pub max_concurrency: usize,
}

impl Default for BatchPolicy {
    /// 100 items per request, 4 requests at once.
    fn default() -> Self {
        BatchPolicy {
            chunk_size: 100,
            max_concurrency: 4,
        }
    }
}

/// Runs `per_chunk` over the chunks of `items` under `policy` and concatenates the results in
/// input order. An empty input sends nothing.
pub(super) async fn run<'a, I, T, F, Fut>(
    policy: &BatchPolicy,
    items: &'a [I],
    per_chunk: F,
) -> Result<Vec<T>, Error>
where
    F: Fn(&'a [I]) -> Fut,
    Fut: Future<Output = Result<Vec<T>, Error>>,
{
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let size = policy.chunk_size.max(1);
    if items.len() <= size {
        return per_chunk(items).await;
    }
    let parts: Vec<Vec<T>> = stream::iter(items.chunks(size))
        .map(&per_chunk)
        .buffered(policy.max_concurrency.max(1))
        .try_collect()
        .await?;
    Ok(parts.into_iter().flatten().collect())
}
