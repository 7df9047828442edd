//! Pipeline benchmarks (divan): `cargo bench --bench pipeline`.
//!
//! The text is built here from our own news-like sentences and repeated to
//! about 1 MB, so these numbers do not depend on any corpus. For corpus
//! throughput use `examples/throughput.rs` and `scripts/bench.sh`.
//!
//! - `extract_1mb`: mentions of the 1 MB text, one `Scratch` reused (bytes/s).
//! - `bind_1mb`: claims (extract + metric/subject binding) of the 1 MB text as
//!   one plain-text document (bytes/s).
//! - `check_document`: verdicts for one ~2 KB article, from parsed document to
//!   checked claims.
//! - `reference_load` / `reference_load_and_first_lookup`: `Reference::builtin`
//!   alone, and with its first alias lookup (which builds the alias automaton).
//! - `rules_load`: `RuleSet::load(&[], true)`: parse and compile the built-in
//!   rule files (not the process-wide cached `RuleSet::builtin()`).

/// The same allocator as the `claimcheck` binary, so that what is timed here
/// is what users run (see the `mimalloc` feature in `Cargo.toml`).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use claimcheck::check::Checker;
use claimcheck::claims::Binder;
use claimcheck::date::PartialDate;
use claimcheck::document::{Document, Format};
use claimcheck::extract::{Extractor, Scratch};
use claimcheck::reference::{FxTable, Reference};
use claimcheck::rules::RuleSet;
use divan::counter::BytesCount;
use divan::{Bencher, black_box};

fn main() {
    claimcheck::cli::small_pages();
    divan::main();
}

/// One article of our own writing: counts, money, percentages, ranges,
/// quantities, dates, durations, places, and plain prose between them.
const ARTICLE: &str = "\
Flooding forces thousands from their homes in Kharkiv

At least 1,250 people were evacuated from Kharkiv on Tuesday after two days of heavy rain, \
officials said, up 12% from a week earlier. The city, home to about 1.4 million people, \
put the damage at $4.5 million, or roughly €4.1m.

Rain totals reached 114 mm in some districts, and winds hit 60 mph. Between 300 and 400 homes \
lost power for three days; crews restored supply to 85 per cent of them by Friday.

The regional government said it would spend 2.3 billion hryvnias over the next two years on \
flood defences. Last year the same programme cost 1.9 bn, against a forecast of 1.5 billion.

In Kyiv, the central bank cut its key rate by 25 basis points to 13.5 pct on 3 March 2024, \
the first cut since January. Inflation slowed to 4.7% in February from 5.1% a month earlier.

Nobody was killed, the emergency service said, but 32 people were injured, including two \
rescue workers and a child. Some 5,000 volunteers helped fill 20,000 sandbags over the weekend.
";

/// ARTICLE repeated to at least `target` bytes.
fn repeated(target: usize) -> String {
    let mut s = String::with_capacity(target + ARTICLE.len());
    while s.len() < target {
        s.push_str(ARTICLE);
        s.push('\n');
    }
    s
}

fn date() -> Option<PartialDate> {
    PartialDate::parse_iso("2024-03-05")
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn extract_1mb(bencher: Bencher) {
    let text = repeated(1 << 20);
    let rules = RuleSet::builtin();
    let extractor = Extractor::new(rules);
    let mut scratch = Scratch::default();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench_local(|| extractor.extract_with(black_box(&text), date(), &mut scratch).len());
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn bind_1mb(bencher: Bencher) {
    let text = repeated(1 << 20);
    let rules = RuleSet::builtin();
    let reference = Reference::builtin(&|u: &str| rules.canonical_unit(u));
    let binder = Binder::new(rules, &reference);
    let doc = Document::parse("bench.txt", text, Format::Text);
    bencher.counter(BytesCount::of_str(&doc.source)).bench_local(|| binder.claims(black_box(&doc), date()).len());
}

#[divan::bench]
fn check_document(bencher: Bencher) {
    let rules = RuleSet::builtin();
    let reference = Reference::builtin(&|u: &str| rules.canonical_unit(u));
    let binder = Binder::new(rules, &reference);
    let checker = Checker::new(rules, &reference, FxTable::builtin());
    let doc = Document::parse("bench.txt", ARTICLE.to_string(), Format::Text);
    bencher.counter(BytesCount::of_str(ARTICLE)).bench_local(|| {
        let claims = binder.claims(black_box(&doc), date());
        checker.check(&doc, claims).len()
    });
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn reference_load(bencher: Bencher) {
    let rules = RuleSet::builtin();
    bencher.bench_local(|| Reference::builtin(&|u: &str| rules.canonical_unit(u)));
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn reference_load_and_first_lookup(bencher: Bencher) {
    let rules = RuleSet::builtin();
    bencher.bench_local(|| {
        let reference = Reference::builtin(&|u: &str| rules.canonical_unit(u));
        reference.find_aliases(black_box("Officials in Kharkiv said")).len()
    });
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn rules_load(bencher: Bencher) {
    bencher.bench_local(|| RuleSet::load(&[], true).map(|r| r.patterns.len()));
}
