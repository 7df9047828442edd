//! Batch runs: how the documents of a run are grouped and processed in parallel.
//!
//! A run reads its input in chunks of at most [`CHUNK_DOCUMENTS`] documents and
//! about [`CHUNK_BYTES`] bytes. With several threads, a chunk is processed on a
//! rayon pool of that many workers, one document per task, and its results are
//! handed back in input order; meanwhile the calling thread writes the previous
//! chunk's results and reads the next chunk. At most two chunks are in the pool
//! and one is being read at any time: memory depends on the chunk size, not on how
//! many documents an archive holds, and output is the same whatever the number of
//! threads or the scheduling.
//!
//! The calling thread is kept light: everything done per document (parsing an
//! input line, the work, rendering its output, counting its statistics, freeing
//! it) belongs in `work`, on the workers, and `consume` should only copy finished
//! bytes and add up counts. Then `N` workers use `N` cores, and the calling
//! thread's share (mostly the kernel copying input and output) stays a few percent.
//!
//! One thread means one: with `threads == 1` there is no pool, and the calling
//! thread reads, works and writes in turn, so a run asked to use one core (one
//! process per core under Spark or `xargs -P`) does not take a second one.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::mpsc;
use std::time::Duration;

use rayon::prelude::*;

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
/// `threads` worker threads, and passes each result to `consume` in input order,
/// on the calling thread. `consume` returning an error stops the run: no further
/// chunk is read, the chunks already started are finished and dropped, and the
/// error is returned.
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
        // calling thread, with no pool and no hand-over.
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .thread_name(|i| format!("claimcheck-{i}"))
        .build()
        .expect("creating the worker threads");
    let work = &work;
    // The scope runs on this thread; only the spawned chunks go to the pool.
    pool.in_place_scope(|scope| {
        let mut pending: Option<mpsc::Receiver<Vec<R>>> = None;
        loop {
            let chunk = next_chunk();
            let started = (!chunk.is_empty()).then(|| {
                let (tx, rx) = mpsc::sync_channel(1);
                scope.spawn(move |_| {
                    // Collecting an indexed parallel iterator keeps input order.
                    let results: Vec<R> = chunk.into_par_iter().map(work).collect();
                    // The receiver is gone only when the run has stopped early.
                    let _ = tx.send(results);
                });
                rx
            });
            if let Some(rx) = pending.take() {
                let results = rx.recv().expect("a worker panicked");
                for r in results {
                    consume(r)?;
                }
            }
            match started {
                Some(rx) => pending = Some(rx),
                None => return Ok(()),
            }
        }
    })
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
