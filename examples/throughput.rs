//! Single-thread throughput of extraction (and optionally binding + checking) on
//! a JSON Lines corpus.
//!
//! ```text
//! cargo run --release --example throughput -- [--check] [--runs N] [--dump-text FILE] [FILE.jsonl ...]
//! ```
//!
//! Every line's `text` (and `date`, when it has one) is parsed before timing
//! starts, so JSON parsing is not measured. Each run then goes over all texts on
//! this one thread with one `Extractor` and one `Scratch`. With `--check`, each
//! text is also parsed as a plain-text document, its claims bound with the
//! built-in rules and reference, and checked (the work `claimcheck check` does,
//! minus reading files and printing). The median of `--runs` runs is reported.
//!
//! `--dump-text FILE` writes the concatenated texts (one per line, as stored:
//! newlines inside a text are kept) to FILE, for comparing with other tools on
//! the same bytes, and exits.
//!
//! The last output line is machine-readable:
//! `RESULT mode=extract bytes=... docs=... claims=... median_s=... mb_s=... docs_s=...`.

/// The same allocator as the `claimcheck` binary, so that what is timed here
/// is what users run (see the `mimalloc` feature in `Cargo.toml`).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::time::{Duration, Instant};

use claimcheck::check::Checker;
use claimcheck::claims::Binder;
use claimcheck::date::PartialDate;
use claimcheck::document::{Document, Format};
use claimcheck::extract::{Extractor, Scratch};
use claimcheck::reference::{FxTable, Reference};
use claimcheck::rules::RuleSet;

const DEFAULT_CORPUS: &str = "../shared/corpus/reuters21578/reuters21578.jsonl";

struct Options {
    files: Vec<String>,
    check: bool,
    runs: usize,
    dump: Option<String>,
}

fn usage(msg: &str) -> ! {
    eprintln!("throughput: {msg}");
    eprintln!("usage: throughput [--check] [--runs N] [--dump-text FILE] [FILE.jsonl ...]");
    std::process::exit(2);
}

fn options() -> Options {
    let mut opts = Options { files: Vec::new(), check: false, runs: 5, dump: None };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => opts.check = true,
            "--runs" => {
                let n = args.next().unwrap_or_else(|| usage("--runs needs a number"));
                opts.runs = n.parse().ok().filter(|&n| n > 0).unwrap_or_else(|| usage("--runs needs a number > 0"));
            }
            "--dump-text" => opts.dump = Some(args.next().unwrap_or_else(|| usage("--dump-text needs a file"))),
            "-h" | "--help" => usage("help"),
            s if s.starts_with("--") => usage(&format!("unknown option {s}")),
            _ => opts.files.push(arg),
        }
    }
    if opts.files.is_empty() {
        opts.files.push(DEFAULT_CORPUS.to_string());
    }
    opts
}

/// One corpus record: its text and its date (day precision at most).
struct Doc {
    id: String,
    text: String,
    date: Option<PartialDate>,
}

fn load(files: &[String]) -> Vec<Doc> {
    let mut docs = Vec::new();
    for path in files {
        let content = std::fs::read_to_string(path).unwrap_or_else(|e| usage(&format!("{path}: {e}")));
        for (i, line) in content.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| usage(&format!("{path}:{}: not JSON: {e}", i + 1)));
            let Some(text) = v.get("text").and_then(|t| t.as_str()) else { continue };
            let date = v.get("date").and_then(|d| d.as_str()).and_then(|d| PartialDate::parse_iso(d.get(..10)?));
            let id = v.get("id").and_then(|d| d.as_str()).unwrap_or("").to_string();
            docs.push(Doc { id, text: text.to_string(), date });
        }
    }
    docs
}

/// Extraction only: one extractor, one scratch, all texts. Returns the mention count.
fn run_extract(rules: &RuleSet, docs: &[Doc]) -> usize {
    let extractor = Extractor::new(rules);
    let mut scratch = Scratch::default();
    let mut count = 0;
    for d in docs {
        count += extractor.extract_with(&d.text, d.date, &mut scratch).len();
    }
    count
}

/// Document parse + extraction + binding + verdicts. Returns the claim count.
fn run_check(rules: &RuleSet, reference: &Reference, docs: &[Doc]) -> usize {
    let extractor = Extractor::new(rules);
    let binder = Binder::new(rules, reference);
    let checker = Checker::new(rules, reference, FxTable::builtin());
    let mut scratch = Scratch::default();
    let mut count = 0;
    for d in docs {
        let doc = Document::parse(&d.id, d.text.clone(), Format::Text);
        let date = d.date.or(doc.date);
        let (located, tokens) = extractor.extract_document_tokens(&doc, date, &mut scratch);
        let claims = binder.bind_document_tokens(&doc, located, tokens, date);
        count += checker.check(&doc, claims).len();
    }
    count
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2 }
}

fn main() {
    claimcheck::cli::small_pages();
    let opts = options();
    let t = Instant::now();
    let docs = load(&opts.files);
    let load_time = t.elapsed();
    if let Some(path) = &opts.dump {
        let mut out =
            std::io::BufWriter::new(std::fs::File::create(path).unwrap_or_else(|e| usage(&format!("{path}: {e}"))));
        for d in &docs {
            out.write_all(d.text.as_bytes()).and_then(|_| out.write_all(b"\n")).expect("write dump");
        }
        out.flush().expect("write dump");
        return;
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mode = if opts.check { "check" } else { "extract" };
    eprintln!(
        "{} documents, {:.2} MB of text from {} file(s) (JSON parse {:.2}s, not timed); mode {mode}, {} run(s)",
        docs.len(),
        bytes as f64 / 1e6,
        opts.files.len(),
        load_time.as_secs_f64(),
        opts.runs
    );
    // Setup is not part of the throughput; warm the rule set and reference.
    let t = Instant::now();
    let rules = RuleSet::builtin();
    let reference = Reference::builtin(&|u: &str| rules.canonical_unit(u));
    let _ = reference.find_aliases("warm up London");
    eprintln!("setup (rules + reference): {:.1} ms", t.elapsed().as_secs_f64() * 1e3);

    let mut times = Vec::with_capacity(opts.runs);
    let mut count = 0;
    for run in 0..opts.runs {
        let t = Instant::now();
        count = if opts.check { run_check(rules, &reference, &docs) } else { run_extract(rules, &docs) };
        let el = t.elapsed();
        eprintln!(
            "run {}: {:.3}s, {:.1} MB/s, {count} claims",
            run + 1,
            el.as_secs_f64(),
            bytes as f64 / 1e6 / el.as_secs_f64()
        );
        times.push(el);
    }
    let med = median(times).as_secs_f64();
    let mb_s = bytes as f64 / 1e6 / med;
    let docs_s = docs.len() as f64 / med;
    println!("mode:        {mode}");
    println!("documents:   {}", docs.len());
    println!("text:        {:.2} MB", bytes as f64 / 1e6);
    println!("claims:      {count}");
    println!("elapsed:     {med:.3} s (median of {})", opts.runs);
    println!("throughput:  {mb_s:.2} MB/s, {docs_s:.0} documents/s");
    println!(
        "RESULT mode={mode} bytes={bytes} docs={} claims={count} median_s={med:.4} mb_s={mb_s:.3} docs_s={docs_s:.1}",
        docs.len()
    );
}
