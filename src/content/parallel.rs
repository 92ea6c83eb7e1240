//! Work split across the cores, for large content.

/// `work` on each item, results in item order. When `parallel`, the items
/// are split into contiguous runs, one per core (at most 8), done at the
/// same time; the outcome is the same as one item after the other. Where
/// no thread can be started, this thread does the work.
pub(super) fn in_parallel<T: Sync, U: Send>(
    items: &[T],
    parallel: bool,
    work: impl Fn(&T) -> U + Sync,
) -> Vec<U> {
    let threads = if parallel {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    } else {
        1
    };
    if threads <= 1 || items.len() < 2 {
        return items.iter().map(&work).collect();
    }
    let work = &work;
    let run = move |chunk: &[T]| chunk.iter().map(work).collect::<Vec<U>>();
    std::thread::scope(|scope| {
        let mut chunks = items.chunks(items.len().div_ceil(threads));
        // The first run stays on this thread.
        let first = chunks.next().unwrap_or_default();
        let others: Vec<_> = chunks
            .map(|chunk| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || run(chunk))
                    .map_err(|_| chunk)
            })
            .collect();
        let mut all = run(first);
        for other in others {
            match other {
                Ok(handle) => match handle.join() {
                    Ok(part) => all.extend(part),
                    Err(panic) => std::panic::resume_unwind(panic),
                },
                Err(chunk) => all.extend(run(chunk)),
            }
        }
        all
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_split_across_threads_comes_back_in_order() {
        let items: Vec<usize> = (0..1001).collect();
        let doubled: Vec<usize> = items.iter().map(|i| i * 2).collect();
        assert_eq!(in_parallel(&items, true, |i| i * 2), doubled);
        assert_eq!(in_parallel(&items, false, |i| i * 2), doubled);
        assert_eq!(in_parallel(&items[..1], true, |i| i * 2), vec![0]);
        assert!(in_parallel(&items[..0], true, |i| i * 2).is_empty());
    }
}
