//! Batch runs: how the documents of a run are grouped and processed in parallel.
//!
//! A run reads its input in chunks of at most [`CHUNK_DOCUMENTS`] documents and
//! about [`CHUNK_BYTES`] bytes. With `N` threads, the calling thread and `N - 1`
//! workers share the documents of the chunks in the run: a worker takes a few at
//! a time from a queue and posts their results; the calling thread reads a chunk
//! whenever fewer than two are in the run, hands the results to `consume` in
//! input order, and between them works on documents itself rather than wait. At
//! most two chunks are read and not yet consumed: memory depends on the chunk
//! size, not on how many documents an archive holds, and output is the same
//! whatever the number of threads or the scheduling.
//!
//! `N` threads in all, not `N` workers beside a coordinator: on a machine of `N`
//! cores a coordinator of its own had to take turns with the workers (rayon's
//! pool of two and the calling thread gave 1.72x on two cores, 179-185% CPU;
//! this 1.94x, 193-195%), and woke and slept at each chunk.
//!
//! Everything done per document (parsing an input line, the work, rendering its
//! output, counting its statistics, freeing it) belongs in `work`, which any
//! thread runs; `consume` should only copy finished bytes and add up counts.
//!
//! One thread means one: with `threads == 1` no other thread is started, and the
//! calling thread reads, works and writes in turn, so a run asked to use one core
//! (one process per core under Spark or `xargs -P`) does not take a second one.

use std::collections::{BTreeMap, VecDeque};
use std::io::Write;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Most documents in one chunk: enough to keep every core busy between hand-overs,
/// few enough that their results stay small.
pub const CHUNK_DOCUMENTS: usize = 256;

/// About how many input bytes one chunk holds (a chunk always holds at least one
/// document, however large).
pub const CHUNK_BYTES: usize = 4 * 1024 * 1024;

/// The number of worker threads for `--threads`: `requested`, or with 0 (the
/// default) one per available core.
pub fn threads(requested: usize) -> usize {
    if requested > 0 { requested } else { std::thread::available_parallelism().map_or(1, |n| n.get()) }
}

/// Processes every chunk `next_chunk` gives (until an empty one) with `work` on
/// `threads` threads, and passes each result to `consume` in input order, on the
/// calling thread. `consume` returning an error stops the run: no further chunk
/// is read, the work already started is finished and dropped, and the error is
/// returned.
pub fn run<T, R, E>(
    threads: usize,
    mut next_chunk: impl FnMut() -> Vec<T>,
    work: impl Fn(T) -> R + Sync,
    mut consume: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
    R: Send,
{
    if threads <= 1 {
        // One thread means one: reading, work and writing take turns on the
        // calling thread, with no other thread and no hand-over.
        loop {
            let chunk = next_chunk();
            if chunk.is_empty() {
                return Ok(());
            }
            for item in chunk {
                consume(work(item))?;
            }
        }
    }
    let board = Board { state: Mutex::new(State::default()), changed: Condvar::new() };
    let work = &work;
    std::thread::scope(|scope| {
        for i in 1..threads {
            std::thread::Builder::new()
                .name(format!("claimcheck-{i}"))
                .spawn_scoped(scope, || board.serve(work))
                .expect("creating a worker thread");
        }
        let outcome = board.coordinate(&mut next_chunk, work, &mut consume);
        // Stop the workers, whether the run ended or failed: what they hold is
        // finished and dropped.
        {
            let mut state = board.lock();
            state.stop = true;
            state.queued.clear();
        }
        board.changed.notify_all();
        outcome
    })
}

/// Documents a worker takes from the queue at a time, at most: enough to take
/// the lock rarely, few enough that the calling thread finds some left.
const TAKE_AT_MOST: usize = 8;

/// What the threads of a run share: the documents waiting, the results not yet
/// consumed, and whether to stop.
struct Board<T, R> {
    state: Mutex<State<T, R>>,
    /// Signalled when a document is queued, a result is posted, or the run stops.
    changed: Condvar,
}

struct State<T, R> {
    /// Documents not yet taken, with their place in the input.
    queued: VecDeque<(u64, T)>,
    /// Results not yet consumed, by place.
    done: BTreeMap<u64, R>,
    stop: bool,
}

impl<T, R> Default for State<T, R> {
    fn default() -> Self {
        State { queued: VecDeque::new(), done: BTreeMap::new(), stop: false }
    }
}

impl<T, R> Board<T, R> {
    fn lock(&self) -> std::sync::MutexGuard<'_, State<T, R>> {
        // A worker that panicked while holding the lock left nothing half-done
        // that matters: the scope re-raises its panic when it ends.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A worker's loop: take a few documents, work, post the results; until the
    /// run stops.
    fn serve(&self, work: &(impl Fn(T) -> R + Sync)) {
        let mut taken = Vec::with_capacity(TAKE_AT_MOST);
        let mut results = Vec::with_capacity(TAKE_AT_MOST);
        loop {
            {
                let mut state = self.lock();
                while state.queued.is_empty() && !state.stop {
                    state = self.changed.wait(state).unwrap_or_else(std::sync::PoisonError::into_inner);
                }
                if state.stop {
                    return;
                }
                // Half of what waits, so that the calling thread finds the rest.
                let n = state.queued.len().div_ceil(2).min(TAKE_AT_MOST);
                taken.extend(state.queued.drain(..n));
            }
            results.extend(taken.drain(..).map(|(place, item)| (place, work(item))));
            self.lock().done.extend(results.drain(..));
            self.changed.notify_all();
        }
    }

    /// The calling thread's loop: read a chunk when fewer than two are in the
    /// run, consume results in input order, and between them work on documents
    /// itself rather than wait. At most two chunks are read and not yet consumed:
    /// memory depends on the chunk size, not on the input's.
    fn coordinate<E>(
        &self,
        next_chunk: &mut impl FnMut() -> Vec<T>,
        work: &(impl Fn(T) -> R + Sync),
        consume: &mut impl FnMut(R) -> Result<(), E>,
    ) -> Result<(), E> {
        let (mut placed, mut consumed) = (0u64, 0u64);
        // Where each chunk in the run ends (its last place + 1).
        let mut chunk_ends: VecDeque<u64> = VecDeque::new();
        let mut input_done = false;
        loop {
            while chunk_ends.front().is_some_and(|&end| end <= consumed) {
                chunk_ends.pop_front();
            }
            if !input_done && chunk_ends.len() < 2 {
                let chunk = next_chunk();
                if chunk.is_empty() {
                    input_done = true;
                } else {
                    let mut state = self.lock();
                    for item in chunk {
                        state.queued.push_back((placed, item));
                        placed += 1;
                    }
                    drop(state);
                    chunk_ends.push_back(placed);
                    self.changed.notify_all();
                }
                continue;
            }
            let mut state = self.lock();
            if let Some(result) = state.done.remove(&consumed) {
                drop(state);
                consumed += 1;
                consume(result)?;
                continue;
            }
            if input_done && consumed == placed {
                return Ok(());
            }
            if let Some((place, item)) = state.queued.pop_front() {
                drop(state);
                let result = work(item);
                self.lock().done.insert(place, result);
                continue;
            }
            // Everything left is in a worker's hands: wait for a result.
            drop(self.changed.wait(state).unwrap_or_else(std::sync::PoisonError::into_inner));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_whatever_the_threads() {
        for threads in [1, 2, 4] {
            let mut chunks = (0..10).map(|c| (c * 50..c * 50 + 50).collect::<Vec<u64>>());
            let mut seen = Vec::new();
            let r: Result<(), ()> = run(
                threads,
                || chunks.next().unwrap_or_default(),
                |n| {
                    // Uneven work, so that later items often finish first.
                    std::thread::sleep(std::time::Duration::from_micros((n * 7919) % 300));
                    n * 2
                },
                |n| {
                    seen.push(n);
                    Ok(())
                },
            );
            assert!(r.is_ok());
            assert_eq!(seen, (0..500).map(|n| n * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn one_thread_works_on_the_calling_thread() {
        let caller = std::thread::current().id();
        let mut chunks = (0..3).map(|c| vec![c; 300]);
        let mut seen = 0;
        let r: Result<(), ()> = run(
            1,
            || chunks.next().unwrap_or_default(),
            |n| (n, std::thread::current().id()),
            |(_, id)| {
                assert_eq!(id, caller);
                seen += 1;
                Ok(())
            },
        );
        assert!(r.is_ok());
        assert_eq!(seen, 900);
    }

    #[test]
    fn at_most_two_chunks_are_read_and_not_consumed() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        for threads in [2, 3] {
            let consumed = AtomicUsize::new(0);
            let mut read = 0;
            let mut most = 0;
            let r: Result<(), ()> = run(
                threads,
                || {
                    most = most.max(read - consumed.load(Ordering::SeqCst));
                    if read >= 40 * 16 {
                        return Vec::new();
                    }
                    read += 16;
                    (0..16).collect()
                },
                |n: u64| {
                    std::thread::sleep(std::time::Duration::from_micros(n * 13 % 50));
                    n
                },
                |_| {
                    consumed.fetch_add(1, Ordering::SeqCst);
                    Ok(())
                },
            );
            assert!(r.is_ok());
            assert_eq!(consumed.load(Ordering::SeqCst), 640);
            // When a chunk is read, at most one other is still in the run.
            assert!(most <= 16, "{most} documents read and not consumed at a read");
        }
    }

    #[test]
    fn the_calling_thread_works_too() {
        let caller = std::thread::current().id();
        let mut chunks = (0..20).map(|c| vec![c; 50]);
        let mut by_caller = 0;
        let r: Result<(), ()> = run(
            2,
            || chunks.next().unwrap_or_default(),
            |n| {
                std::thread::sleep(std::time::Duration::from_micros(20));
                (n, std::thread::current().id())
            },
            |(_, id)| {
                by_caller += usize::from(id == caller);
                Ok(())
            },
        );
        assert!(r.is_ok());
        assert!(by_caller > 0 && by_caller < 1000, "{by_caller} of 1,000 on the calling thread");
    }

    #[test]
    fn an_error_stops_reading() {
        let mut read = 0;
        let r = run(
            2,
            || {
                read += 1;
                vec![read; 4]
            },
            |n| n,
            |n| if n == 3 { Err(n) } else { Ok(()) },
        );
        assert_eq!(r, Err(3));
        assert!(read <= 5, "read {read} chunks");
    }
}

/// What one document contributes to the `--summary` totals, gathered and
/// counted on the worker thread that processed it, so that adding it to the run's
/// totals costs a few map updates per document rather than several per claim.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentStats {
    /// Bytes of the document's text.
    pub bytes: u64,
    /// Claims by kind.
    pub kinds: Vec<(&'static str, u64)>,
    /// Checked claims by verdict and reason.
    pub verdicts: Vec<((&'static str, &'static str), u64)>,
    /// Reported findings by code.
    pub findings: Vec<(&'static str, u64)>,
}

/// Counts equal items, in order of first appearance: documents have few
/// distinct kinds, verdicts and codes, so a linear search beats a map.
pub fn tally<K: PartialEq>(items: impl IntoIterator<Item = K>) -> Vec<(K, u64)> {
    let mut counts: Vec<(K, u64)> = Vec::new();
    for item in items {
        match counts.iter_mut().find(|(k, _)| *k == item) {
            Some((_, n)) => *n += 1,
            None => counts.push((item, 1)),
        }
    }
    counts
}

/// Totals of a run, for `--summary`.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    /// Documents processed.
    pub documents: u64,
    /// Documents that could not be read, or malformed JSONL lines.
    pub skipped: u64,
    /// Bytes of document text processed.
    pub bytes: u64,
    /// Claims by kind.
    pub claims: BTreeMap<&'static str, u64>,
    /// Checked claims by verdict and reason.
    pub verdicts: BTreeMap<(&'static str, &'static str), u64>,
    /// Reported findings by code.
    pub findings: BTreeMap<&'static str, u64>,
}

impl Totals {
    /// Adds one document.
    pub fn add(&mut self, s: &DocumentStats) {
        self.documents += 1;
        self.bytes += s.bytes;
        for &(k, n) in &s.kinds {
            *self.claims.entry(k).or_default() += n;
        }
        for &(v, n) in &s.verdicts {
            *self.verdicts.entry(v).or_default() += n;
        }
        for &(f, n) in &s.findings {
            *self.findings.entry(f).or_default() += n;
        }
    }

    /// Writes the summary: counts, then throughput over `elapsed`. `name` gives
    /// a finding code's name.
    pub fn write(
        &self,
        out: &mut dyn Write,
        elapsed: Duration,
        name: impl Fn(&str) -> &'static str,
    ) -> std::io::Result<()> {
        let secs = elapsed.as_secs_f64().max(1e-9);
        let mb = self.bytes as f64 / 1e6;
        writeln!(out, "summary:")?;
        writeln!(out, "  documents        {}", self.documents)?;
        if self.skipped > 0 {
            writeln!(out, "  skipped          {}", self.skipped)?;
        }
        writeln!(out, "  text             {mb:.2} MB")?;
        writeln!(out, "  elapsed          {secs:.2} s")?;
        writeln!(out, "  throughput       {:.2} MB/s, {:.0} documents/s", mb / secs, self.documents as f64 / secs)?;
        writeln!(out, "  claims           {}", self.claims.values().sum::<u64>())?;
        for (kind, n) in &self.claims {
            writeln!(out, "    {kind:<14} {n}")?;
        }
        if !self.verdicts.is_empty() {
            writeln!(out, "  verdicts         {}", self.verdicts.values().sum::<u64>())?;
            for ((verdict, reason), n) in &self.verdicts {
                writeln!(out, "    {:<28} {n}", format!("{verdict} ({reason})"))?;
            }
            writeln!(out, "  findings         {}", self.findings.values().sum::<u64>())?;
            for (code, n) in &self.findings {
                writeln!(out, "    {:<28} {n}", format!("{code} {}", name(code)))?;
            }
        }
        Ok(())
    }
}
