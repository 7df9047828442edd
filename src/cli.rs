//! The command line: parses arguments, wires the pipeline, prints, and turns
//! every problem into a message naming the file and line, with exit status 2.

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::sync::Arc;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use crate::batch::{self, DocumentStats, Totals};
use crate::check::{Checked, Checker, Verdict, codes};
use crate::claims::Binder;
use crate::config::{CliSettings, Discovery, EngineKey, Layer, Resolver, Settings, parse_tolerance};
use crate::date::PartialDate;
use crate::diff::{ChangedLines, DiffBase};
use crate::document::{Document, Format};
use crate::error::Error;
use crate::examples::run_examples;
use crate::input::{self, LineError, LineReader, RawLine};
use crate::progress::{self, Progress};
use crate::reference::{FxTable, Reference, Severity};
use crate::report::{self, Finding, OutputFormat, Record, RenderedRecords, Reporter};
use crate::rules::RuleSet;
use crate::select::{FailOn, Selector};
use crate::suppress::{self, Status};
use crate::walk;

/// Exit status: success, nothing inconsistent.
pub const EXIT_OK: i32 = 0;
/// Exit status: something inconsistent (check), failing examples (rules test).
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status: usage, input, rule or reference errors.
pub const EXIT_ERROR: i32 = 2;

/// Finds numeric claims in news text and checks them against reference facts.
#[derive(Debug, Parser)]
#[command(name = "claimcheck", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print every numeric claim of the documents, normalized.
    Extract(InputArgs),
    /// Check every claim against the reference and the document itself.
    Check(CheckArgs),
    /// Work with rule files.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Work with reference files.
    Reference {
        #[command(subcommand)]
        command: ReferenceCommand,
    },
    /// List the documents a check of PATHS would read (default: the current directory).
    Files {
        /// Files and directories.
        paths: Vec<String>,
        /// Skip files and directories matching this glob (repeatable).
        #[arg(long, value_name = "GLOB")]
        exclude: Vec<String>,
    },
    /// Print the settings in force for PATH (default: the current directory) as TOML.
    Config {
        /// A document or directory.
        path: Option<String>,
        #[command(flatten)]
        sources: SourceArgs,
        #[command(flatten)]
        select: SelectArgs,
    },
    /// Print the documentation of a finding code (CC101 or magnitude); all codes without one.
    Rule {
        /// The code or name.
        code: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum RulesCommand {
    /// Run the examples of the default rule files and of DIR's files.
    Test {
        /// A directory of rule files to add (a file named like a default replaces it).
        dir: Option<String>,
        /// Run only DIR's files, without the defaults.
        #[arg(long)]
        no_default_rules: bool,
    },
    /// List the metrics the rules know.
    Metrics,
}

#[derive(Debug, Subcommand)]
enum ReferenceCommand {
    /// Validate reference CSV files and report every problem.
    Check {
        /// The files.
        #[arg(required = true)]
        files: Vec<String>,
    },
}

#[derive(Debug, Args)]
struct InputArgs {
    /// Documents to read (`-` for standard input). A directory is walked: files
    /// ending .md .markdown .mdx .txt .html .htm, skipping hidden files and what
    /// .gitignore ignores; a file named here is always read.
    #[arg(required = true)]
    files: Vec<String>,
    /// Output format: human, json, jsonl, csv (claims); concise, full, sarif,
    /// github, gitlab, rdjsonl, junit (findings, for editors and CI); html (one
    /// self-contained page with every claim highlighted).
    #[arg(long, default_value = "human")]
    format: String,
    /// The document date (YYYY-MM-DD) for relative dates and the time of claims;
    /// front matter `date` is used when not given, then the config's `date`.
    #[arg(long)]
    date: Option<String>,
    #[command(flatten)]
    sources: SourceArgs,
    /// Skip files and directories matching this glob (.gitignore syntax) when
    /// walking directories (repeatable).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Format of standard input, or of every file: txt, md, html; or jsonl:
    /// JSON Lines of documents, one object a line with `id` (string or number),
    /// `text`, and optional `date` (ISO 8601), `title`, `format` (txt, md, html).
    /// Positions are relative to `text`; see the `input` module for titles.
    #[arg(long)]
    input_format: Option<String>,
    /// With --input-format jsonl, a malformed line fails the run (exit 2) instead
    /// of being reported and skipped; every other line is still processed.
    #[arg(long)]
    strict: bool,
    /// Threads processing documents (default: one per core). With 1 everything,
    /// reading and writing included, runs on one thread; with N > 1, N workers
    /// process documents while one more thread only reads input and writes
    /// finished output. Output is in input order whatever the number.
    #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    threads: usize,
    /// Print totals on stderr at the end: documents, claims by kind, verdicts by
    /// reason, findings by code, throughput, elapsed time.
    #[arg(long)]
    summary: bool,
    /// Show a progress bar on stderr even when it is not a terminal.
    #[arg(long, conflicts_with = "quiet")]
    progress: bool,
    /// Never show the progress bar (shown by default on a terminal for long runs).
    #[arg(long)]
    quiet: bool,
    /// The name standard input is reported under (and its config looked up from).
    #[arg(long)]
    stdin_filename: Option<String>,
    /// Colour in human output: auto, always, never.
    #[arg(long, default_value = "auto")]
    color: String,
}

/// Where rules, references and settings come from; shared by the commands that
/// resolve settings.
#[derive(Debug, Args)]
struct SourceArgs {
    /// Add the rule files of this directory (repeatable; replaces the config's `rules`).
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<String>,
    /// Use only the rule files given with --rules (or the config's `rules`).
    #[arg(long)]
    no_default_rules: bool,
    /// A reference CSV (repeatable; replaces the config's `references`);
    /// `FILE:warning` gives it a severity (error by default). Without one, and
    /// without a config that names one, the built-in reference is used.
    #[arg(long = "reference", value_name = "FILE[:SEVERITY]")]
    references: Vec<String>,
    /// The default tolerance for approximate values, e.g. `5%`.
    #[arg(long, value_name = "PERCENT")]
    tolerance: Option<String>,
    /// Use this config file for every document instead of the nearest claimcheck.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<String>,
    /// Ignore all claimcheck.toml files.
    #[arg(long)]
    isolated: bool,
}

/// Which findings are reported and which fail the run.
#[derive(Debug, Args)]
struct SelectArgs {
    /// Report only these codes: codes, prefixes (`CC1`), names or ALL
    /// (comma-separated or repeated; replaces the config's selection).
    #[arg(long, value_delimiter = ',', value_name = "CODE")]
    select: Option<Vec<String>>,
    /// Report these codes too (e.g. CC301, off by default).
    #[arg(long, value_delimiter = ',', value_name = "CODE")]
    extend_select: Vec<String>,
    /// Do not report these codes.
    #[arg(long, value_delimiter = ',', value_name = "CODE")]
    ignore: Vec<String>,
    /// Lowest severity of a reported finding that makes the exit status 1:
    /// error, warning, info, never [default: info, or the config's fail-on].
    #[arg(long)]
    fail_on: Option<String>,
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    select: SelectArgs,
    /// Exit 0 even when something is inconsistent.
    #[arg(long)]
    exit_zero: bool,
    /// Report only findings on lines added or changed since the merge base of
    /// REF and HEAD (as a pull request shows them); untracked files are all new.
    #[arg(long, value_name = "REF")]
    diff_base: Option<String>,
}

/// Whether loaded engines (rules and reference) are kept until the process
/// exits rather than freed when the run ends: set by [`run_process`].
static KEEP_ENGINES: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Transparent huge pages off for this process, as mimalloc does itself when
/// started with `MIMALLOC_ALLOW_THP=0` (an environment variable it reads before
/// `main`, too early for a program to set). A no-op without the `mimalloc`
/// feature or off Linux. [`run_process`] calls it, and so do the benchmarks, to
/// measure what users run.
///
/// Where the kernel gives huge pages to every large mapping, each page mimalloc
/// takes back from the system after a purge is zeroed 2 MiB at a time. On a
/// batch `check` of 24 MB of news (six alternating rounds) this took one thread
/// from 1.14 to 1.085 s and two from 0.685 to 0.605 s, and peak memory from 65
/// to 40 MB and from 107 to 64 MB. Child processes inherit the flag (`git`, for
/// `--diff-base`) and lose nothing by it.
pub fn small_pages() {
    #[cfg(all(feature = "mimalloc", target_os = "linux"))]
    {
        use std::ffi::{c_int, c_ulong};
        const PR_SET_THP_DISABLE: c_int = 41;
        unsafe extern "C" {
            fn prctl(option: c_int, ...) -> c_int;
        }
        // SAFETY: PR_SET_THP_DISABLE takes four integer arguments and only sets a flag
        // of this process. Should it fail (an old kernel), pages stay as they were.
        unsafe {
            prctl(PR_SET_THP_DISABLE, 1 as c_ulong, 0 as c_ulong, 0 as c_ulong, 0 as c_ulong);
        }
    }
}

/// [`run`] for a process that exits right after it: the rules and reference it
/// loads are left for the operating system to reclaim. Freeing them one by one
/// (tens of thousands of names, aliases and rates) took about a fifth of a
/// short `check`'s time.
pub fn run_process(args: Vec<String>) -> i32 {
    small_pages();
    KEEP_ENGINES.store(true, std::sync::atomic::Ordering::Relaxed);
    run(args)
}

/// Runs the command line; returns the exit status.
pub fn run(args: Vec<String>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
        }
    };
    let result = match cli.command {
        Command::Extract(input) => run_documents(&input, None),
        Command::Check(check) => run_documents(&check.input, Some(&check)),
        Command::Files { paths, exclude } => list_files(&paths, &exclude),
        Command::Config { path, sources, select } => show_config(path.as_deref(), &sources, &select),
        Command::Rules { command: RulesCommand::Test { dir, no_default_rules } } => rules_test(dir, no_default_rules),
        Command::Rules { command: RulesCommand::Metrics } => rules_metrics(),
        Command::Reference { command: ReferenceCommand::Check { files } } => reference_check(&files),
        Command::Rule { code } => rule_doc(code.as_deref()),
    };
    match result {
        Ok(status) => status,
        Err(errors) => {
            for e in errors {
                eprintln!("claimcheck: error: {e}");
            }
            EXIT_ERROR
        }
    }
}

type Outcome = Result<i32, Vec<Error>>;

fn load_rules(dirs: &[String], no_default: bool) -> Result<RuleSet, Vec<Error>> {
    RuleSet::load(dirs, !no_default).map_err(|e| vec![e])
}

/// Splits `FILE:severity` when the suffix is a severity and FILE is not itself a file.
fn reference_arg(arg: &str) -> (String, Severity) {
    if !std::path::Path::new(arg).exists()
        && let Some((path, sev)) = arg.rsplit_once(':')
        && let Some(severity) = Severity::from_name(sev)
    {
        return (path.to_string(), severity);
    }
    (arg.to_string(), Severity::Error)
}

fn load_reference(rules: &RuleSet, files: &[(String, Severity)]) -> Result<Reference, Vec<Error>> {
    let canon = |u: &str| rules.canonical_unit(u);
    if files.is_empty() {
        return Ok(Reference::builtin(&canon));
    }
    let mut reference = Reference::empty();
    let mut errors = Vec::new();
    for (path, severity) in files {
        match Reference::read(path, *severity, &canon) {
            Ok(r) => reference.merge(r),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() { Ok(reference) } else { Err(errors) }
}

fn parse_date(text: &Option<String>) -> Result<Option<PartialDate>, Vec<Error>> {
    match text {
        None => Ok(None),
        Some(t) => PartialDate::parse_iso(t)
            .map(Some)
            .ok_or_else(|| vec![Error::new(format!("--date {t:?} is not an ISO 8601 date (YYYY-MM-DD)"))]),
    }
}

fn read_input(path: &str, input: &InputArgs) -> Result<Document, Error> {
    let forced = match input.input_format.as_ref().filter(|_| !is_jsonl(input)) {
        Some(name) => Some(
            Format::from_name(name)
                .ok_or_else(|| Error::new(format!("--input-format {name:?} is not one of txt, md, html")))?,
        ),
        None => None,
    };
    if path == "-" {
        let name = input.stdin_filename.clone().unwrap_or_else(|| "<stdin>".to_string());
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| Error::in_file(&name, e.to_string()))?;
        let format = forced.unwrap_or_else(|| Format::from_path(&name));
        return Document::from_bytes(&name, bytes, format);
    }
    Document::read(path, forced)
}

/// Parses `--select`-style lists; an entry naming no code is an error.
fn selectors(flag: &str, list: &[String]) -> Result<Vec<Selector>, Error> {
    list.iter()
        .map(|s| {
            Selector::parse(s).ok_or_else(|| {
                Error::new(format!("--{flag} {s:?} is no code, prefix or name; `claimcheck rule` lists them"))
            })
        })
        .collect()
}

/// The command line's share of the settings, validated.
fn cli_settings(sources: &SourceArgs, select: Option<&SelectArgs>) -> Result<CliSettings, Vec<Error>> {
    let mut errors = Vec::new();
    let mut layer = Layer::default();
    if let Some(t) = &sources.tolerance {
        match parse_tolerance(t) {
            Some(t) => layer.tolerance = Some(t),
            None => errors.push(Error::new(format!("--tolerance {t:?} is not a percentage like 5%"))),
        }
    }
    if let Some(sel) = select {
        if let Some(list) = &sel.select {
            selectors("select", list).map(|s| layer.select.select = Some(s)).unwrap_or_else(|e| errors.push(e));
        }
        selectors("extend-select", &sel.extend_select)
            .map(|s| layer.select.extend_select = s)
            .unwrap_or_else(|e| errors.push(e));
        selectors("ignore", &sel.ignore).map(|s| layer.select.ignore = s).unwrap_or_else(|e| errors.push(e));
        if let Some(name) = &sel.fail_on {
            match FailOn::from_name(name) {
                Some(f) => layer.fail_on = Some(f),
                None => {
                    errors.push(Error::new(format!("--fail-on {name:?} is not one of error, warning, info, never")))
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CliSettings {
        references: (!sources.references.is_empty())
            .then(|| sources.references.iter().map(|r| reference_arg(r)).collect()),
        rules: (!sources.rules.is_empty()).then(|| sources.rules.clone()),
        no_default_rules: sources.no_default_rules,
        layer,
    })
}

fn resolver(sources: &SourceArgs) -> Result<Resolver, Vec<Error>> {
    let discovery = match (&sources.config, sources.isolated) {
        (Some(path), _) => Discovery::File(path.into()),
        (None, true) => Discovery::Isolated,
        (None, false) => Discovery::Nearest,
    };
    Resolver::new(discovery).map_err(|e| vec![e])
}

/// A loaded rule set and reference, shared by every document whose settings
/// name the same ones.
struct Engine {
    rules: RuleSet,
    reference: Reference,
}

/// One document (or JSONL input) to read, with what applies to it.
struct Job {
    path: String,
    /// The name it is reported under (`--stdin-filename` or `<stdin>` for `-`).
    display: String,
    settings: Settings,
    engine: Arc<Engine>,
}

/// Resolves every document's settings and loads each distinct rule set and
/// reference once, before any output: a config or reference error stops the run
/// before it has printed half a report.
/// The jobs of a run, and the paths that could not be read (reported at the end;
/// the other files are still checked).
fn plan(input: &InputArgs, select: Option<&SelectArgs>) -> Result<(Vec<Job>, Vec<Error>), Vec<Error>> {
    let cli = cli_settings(&input.sources, select)?;
    let (files, unreadable) = walk::files_and_errors(&input.files, &input.exclude)?;
    let mut resolver = resolver(&input.sources)?;
    let mut engines: HashMap<EngineKey, Result<Arc<Engine>, ()>> = HashMap::new();
    let mut jobs = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        let lookup = match (path.as_str(), &input.stdin_filename) {
            ("-", Some(name)) => name.clone(),
            _ => path.clone(),
        };
        let settings = match resolver.settings_for(&lookup, &cli) {
            Ok(s) => s,
            Err(e) => {
                if !errors.contains(&e) {
                    errors.push(e);
                }
                continue;
            }
        };
        let key = settings.engine_key();
        let engine = engines.entry(key).or_insert_with_key(|key| {
            let loaded = load_rules(&key.rules, key.no_default_rules)
                .and_then(|rules| load_reference(&rules, &key.references).map(|reference| Engine { rules, reference }));
            let loaded = loaded.map(Arc::new);
            if let Ok(engine) = &loaded
                && KEEP_ENGINES.load(std::sync::atomic::Ordering::Relaxed)
            {
                std::mem::forget(Arc::clone(engine));
            }
            loaded.map_err(|mut e| errors.append(&mut e))
        });
        if let Ok(engine) = engine {
            let display = match path.as_str() {
                "-" => input.stdin_filename.clone().unwrap_or_else(|| "<stdin>".to_string()),
                _ => path.clone(),
            };
            jobs.push(Job { path, display, engine: engine.clone(), settings });
        }
    }
    if errors.is_empty() { Ok((jobs, unreadable)) } else { Err(errors) }
}

/// Which records a format gets. The claim formats (json, jsonl, csv) list every
/// claim with its verdict, whether or not it is reported, because their readers
/// (the acceptance scorer among them) want all claims; only the exit status
/// leaves the unreported ones out. Finding formats show only what is reported.
fn shows(format: OutputFormat, checked: &Checked, status: Status) -> bool {
    match format {
        OutputFormat::Json | OutputFormat::Jsonl | OutputFormat::Csv | OutputFormat::Html => true,
        // Human output prints inconsistent claims only and counts verdicts; the
        // unselected unverifiable claims stay in its counts, as before selection existed.
        OutputFormat::Human => match status {
            Status::NoFinding | Status::Reported => true,
            Status::Unselected => checked.verdict == Verdict::Unverifiable,
            Status::Suppressed(_) | Status::Unchanged => false,
        },
        // Finding formats get exactly what is reported (and consistent claims,
        // which produce no finding).
        OutputFormat::Concise
        | OutputFormat::Full
        | OutputFormat::Sarif
        | OutputFormat::Github
        | OutputFormat::Gitlab
        | OutputFormat::Rdjsonl
        | OutputFormat::Junit => matches!(status, Status::NoFinding | Status::Reported),
    }
}

/// What every document of a run shares: the planned jobs and the options.
struct Context<'a> {
    input: &'a InputArgs,
    check: Option<&'a CheckArgs>,
    format: OutputFormat,
    date: Option<PartialDate>,
    jobs: Vec<Job>,
    changed: Vec<Option<ChangedLines>>,
}

/// One document's results, ready for output.
struct Processed {
    rendered: Rendered,
    /// Whether a reported finding fails the run under the document's `fail-on`.
    failing: bool,
    /// Its share of the `--summary` totals.
    stats: DocumentStats,
}

/// What is written for one document.
enum Rendered {
    /// The records rendered (json, jsonl, csv): the worker serializes them and
    /// drops the document, so the thread writing output only copies bytes.
    Records(RenderedRecords),
    /// What the reporter needs, for the formats with per-run state (headers,
    /// separators, fingerprints, totals, whole-run documents).
    Report { doc: Document, records: Vec<Record>, extra: Vec<Finding> },
}

/// What became of one unit of work.
enum Result1 {
    Done(Box<Processed>),
    /// The document could not be read: an error, reported at the end (exit 2).
    Failed(Error),
    /// A JSONL line was malformed: reported now, and skipped unless `--strict`.
    Malformed(LineError),
}

/// Reads, extracts, binds, checks and triages one unit: the work that runs on
/// the worker threads. Everything it needs is shared read-only.
fn process(ctx: &Context, unit: Unit) -> (u64, Result1) {
    // The input bytes the unit stands for, which the progress bar counts.
    let size = match &unit {
        Unit::File { .. } => 0,
        Unit::Line { raw, .. } => raw.bytes().len() as u64 + 1,
    };
    let result = process_unit(ctx, unit);
    let size = match &result {
        Result1::Done(p) if size == 0 => p.stats.bytes,
        _ => size,
    };
    (size, result)
}

fn process_unit(ctx: &Context, unit: Unit) -> Result1 {
    let (job, doc, id) = match unit {
        Unit::File { job } => match read_input(&ctx.jobs[job].path, ctx.input) {
            Ok(doc) => (job, doc, None),
            Err(e) => return Result1::Failed(e),
        },
        Unit::Line { job, raw } => match input::parse_line(&ctx.jobs[job].display, &raw) {
            Ok(d) => (job, d.document, Some(d.id)),
            Err(e) => return Result1::Malformed(e),
        },
    };
    let job_ref = &ctx.jobs[job];
    let Engine { rules, reference } = &*job_ref.engine;
    // --date overrides the document's own date; the config's only stands in for a missing one.
    let date = ctx.date.or(if doc.date.is_none() { job_ref.settings.date } else { None });
    thread_local! {
        // Each worker's extraction buffers, kept from one document to the next.
        static SCRATCH: std::cell::RefCell<crate::extract::Scratch> = Default::default();
    }
    // Buffers grown for an outsized document (up to 32 MiB of text) are dropped
    // after it, so that each worker does not keep that much for the rest of the run.
    const KEEP_SCRATCH_UP_TO: usize = 1 << 20;
    let claims = SCRATCH.with_borrow_mut(|scratch| {
        let claims = Binder::new(rules, reference).claims_with(&doc, date, scratch);
        if doc.source.len() > KEEP_SCRATCH_UP_TO {
            *scratch = Default::default();
        }
        claims
    });
    let mut stats = DocumentStats {
        bytes: doc.source.len() as u64,
        kinds: batch::tally(claims.iter().map(|c| c.mention.kind.name())),
        ..DocumentStats::default()
    };
    let with_id = |mut r: Record| {
        r.id = id.clone();
        r
    };
    let Some(_) = ctx.check else {
        let records = claims.iter().map(|c| with_id(Record::claim(&doc, c, reference))).collect();
        return Result1::Done(Box::new(Processed::new(ctx.format, doc, records, Vec::new(), false, stats)));
    };
    let mut checker = Checker::new(rules, reference, FxTable::builtin());
    if let Some(t) = job_ref.settings.tolerance {
        checker = checker.with_default_tolerance(t);
    }
    let checked = checker.check(&doc, claims);
    let triage = suppress::triage(&doc, &checked, &job_ref.settings.selection, ctx.changed[job].as_ref());
    let failing = triage.fails(&checked, |s| job_ref.settings.fail_on.fails(s));
    // Sized for every claim: a filtered collect would grow (and copy) the records.
    let mut records = Vec::with_capacity(checked.len());
    records.extend(
        checked
            .iter()
            .zip(&triage.status)
            .filter(|(c, s)| shows(ctx.format, c, **s))
            .map(|(c, _)| with_id(Record::checked(&doc, c, reference))),
    );
    let extra: Vec<Finding> = triage.unused.iter().map(|s| Finding::unused_suppression(&doc, s)).collect();
    stats.verdicts = batch::tally(checked.iter().map(|c| (c.verdict.name(), c.reason.name())));
    stats.findings = batch::tally(
        checked
            .iter()
            .zip(&triage.status)
            .filter(|(_, s)| **s == Status::Reported)
            .map(|(c, _)| codes::code_for(c.reason).code)
            .chain(extra.iter().map(|f| f.code)),
    );
    drop(triage);
    Result1::Done(Box::new(Processed::new(ctx.format, doc, records, extra, failing, stats)))
}

impl Processed {
    fn new(
        format: OutputFormat,
        doc: Document,
        records: Vec<Record>,
        extra: Vec<Finding>,
        failing: bool,
        stats: DocumentStats,
    ) -> Processed {
        let rendered = if format.renders_records() {
            Rendered::Records(report::render_records(format, &records))
        } else {
            Rendered::Report { doc, records, extra }
        };
        Processed { rendered, failing, stats }
    }
}

/// Where results go: the reporter, or straight to standard output for JSON Lines,
/// which the workers have already rendered and which has no per-run state.
enum Output<W: Write> {
    Reporter(Reporter<std::io::BufWriter<W>>),
    Jsonl(Batched<W>),
}

impl<W: Write> Output<W> {
    fn document(&mut self, p: Processed) -> std::io::Result<()> {
        match (self, p.rendered) {
            (Output::Jsonl(out), Rendered::Records(rendered)) => out.push(rendered.bytes),
            (Output::Reporter(r), Rendered::Records(rendered)) => r.rendered(&rendered),
            (Output::Reporter(r), Rendered::Report { doc, records, extra }) => r.document(&doc, &records, &extra),
            (Output::Jsonl(_), Rendered::Report { .. }) => unreachable!("jsonl is rendered by the workers"),
        }
    }

    fn finish(self) -> std::io::Result<()> {
        match self {
            Output::Reporter(r) => r.finish().map(drop),
            Output::Jsonl(mut out) => out.flush(),
        }
    }
}

/// Finished output buffers, written together by one vectored write once they add
/// up to [`Batched::FLUSH_BYTES`]: the bytes the workers rendered are not copied
/// again into a buffer on their way out, and system calls stay few.
struct Batched<W: Write> {
    out: W,
    pending: Vec<Vec<u8>>,
    bytes: usize,
}

impl<W: Write> Batched<W> {
    const FLUSH_BYTES: usize = 256 * 1024;
    /// Below the usual `IOV_MAX` (1024) of one `writev`.
    const FLUSH_BUFFERS: usize = 512;

    fn new(out: W) -> Batched<W> {
        Batched { out, pending: Vec::new(), bytes: 0 }
    }

    fn push(&mut self, bytes: Vec<u8>) -> std::io::Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        self.bytes += bytes.len();
        self.pending.push(bytes);
        if self.bytes >= Self::FLUSH_BYTES || self.pending.len() >= Self::FLUSH_BUFFERS {
            self.write_pending()?;
        }
        Ok(())
    }

    fn write_pending(&mut self) -> std::io::Result<()> {
        let mut slices: Vec<std::io::IoSlice> = self.pending.iter().map(|b| std::io::IoSlice::new(b)).collect();
        let mut rest = &mut slices[..];
        while !rest.is_empty() {
            match self.out.write_vectored(rest) {
                Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
                Ok(n) => std::io::IoSlice::advance_slices(&mut rest, n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.pending.clear();
        self.bytes = 0;
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.write_pending()?;
        self.out.flush()
    }
}

fn run_documents(input: &InputArgs, check: Option<&CheckArgs>) -> Outcome {
    let format = OutputFormat::from_name(&input.format).ok_or_else(|| {
        vec![Error::new(format!("--format {:?} is not one of {}", input.format, OutputFormat::NAMES.join(", ")))]
    })?;
    let date = parse_date(&input.date)?;
    let jsonl = is_jsonl(input);
    if jsonl {
        jsonl_preconditions(input, check)?;
    }
    // With more than one thread, what the workers would otherwise each wait for
    // on first use (the exchange rates, the index of reference names) is built
    // beside the serial start-up rather than after it.
    let parallel = batch::threads(input.threads) > 1;
    if parallel && check.is_some() {
        std::thread::spawn(|| {
            FxTable::builtin();
        });
    }
    let (jobs, mut unreadable) = plan(input, check.map(|c| &c.select))?;
    if parallel {
        let mut warmed: Vec<&Arc<Engine>> = Vec::new();
        for job in &jobs {
            if !warmed.iter().any(|e| Arc::ptr_eq(e, &job.engine)) {
                warmed.push(&job.engine);
                let engine = Arc::clone(&job.engine);
                std::thread::spawn(move || engine.reference.build_alias_index());
            }
        }
    }
    if jobs.is_empty() && unreadable.is_empty() {
        eprintln!("claimcheck: warning: no documents found in {}", input.files.join(", "));
    }
    let changed = changed_lines(&jobs, check.and_then(|c| c.diff_base.as_deref()))?;
    let color = match input.color.as_str() {
        "always" => true,
        "never" => false,
        _ => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let stdout = std::io::stdout().lock();
    let mut output = if format == OutputFormat::Jsonl {
        Output::Jsonl(Batched::new(stdout))
    } else {
        let mut reporter = Reporter::new(std::io::BufWriter::with_capacity(1 << 16, stdout), format, color);
        // Selection (config, --select, suppressions, --diff-base) has already decided
        // which claims reach the reporter; it need not filter again.
        if check.is_some() {
            reporter.select(|_| true);
        }
        Output::Reporter(reporter)
    };
    let started = Instant::now();
    let ctx = Context { input, check, format, date, jobs, changed };
    let mode = match (input.quiet, input.progress) {
        (true, _) => progress::Mode::Never,
        (_, true) => progress::Mode::Always,
        _ => progress::Mode::Auto,
    };
    let mut progress = Progress::new(mode, progress_total(&ctx.jobs, jsonl));
    let mut totals = Totals::default();
    let mut units = Units::new(&ctx.jobs, jsonl);
    let mut errors = Vec::new();
    let mut failing = false;
    let mut malformed = false;
    let mut read_errors = Vec::new();
    let written = batch::run(
        batch::threads(input.threads),
        || units.next_chunk(batch::CHUNK_DOCUMENTS, batch::CHUNK_BYTES, &mut read_errors),
        |unit| process(&ctx, unit),
        |(size, result)| {
            match result {
                Result1::Done(p) => {
                    failing |= p.failing;
                    totals.add(&p.stats);
                    output.document(*p)?;
                }
                Result1::Failed(e) => {
                    totals.skipped += 1;
                    errors.push(e);
                }
                Result1::Malformed(e) => {
                    totals.skipped += 1;
                    malformed = true;
                    progress.suspend(|| {
                        if input.strict {
                            eprintln!("claimcheck: error: {e}");
                        } else {
                            eprintln!("claimcheck: warning: {e} (line skipped)");
                        }
                    });
                }
            }
            progress.advance(1, size);
            Ok(())
        },
    );
    progress.finish();
    if let Err(e) = written {
        return broken_pipe_or(e);
    }
    errors.append(&mut read_errors);
    errors.append(&mut unreadable);
    if input.summary {
        let name = |code: &str| -> &'static str { codes::lookup(code).map_or("", |c| c.name) };
        let _ = totals.write(&mut std::io::stderr().lock(), started.elapsed(), name);
    }
    if let Err(e) = output.finish() {
        return broken_pipe_or(e);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if malformed && input.strict {
        return Ok(EXIT_ERROR);
    }
    let exit_zero = check.is_some_and(|c| c.exit_zero);
    Ok(if failing && !exit_zero { EXIT_FINDINGS } else { EXIT_OK })
}

/// What the progress bar counts: input bytes for JSONL files (their number of
/// documents is unknown until read), files otherwise; standard input is unknown.
fn progress_total(jobs: &[Job], jsonl: bool) -> progress::Total {
    if !jsonl {
        return progress::Total::Documents(jobs.len() as u64);
    }
    if jobs.iter().any(|j| j.path == "-") {
        return progress::Total::Unknown;
    }
    progress::Total::Bytes(jobs.iter().map(|j| std::fs::metadata(&j.path).map_or(0, |m| m.len())).sum())
}

/// Whether `--input-format jsonl` (or `ndjson`) was given.
fn is_jsonl(input: &InputArgs) -> bool {
    input.input_format.as_deref().is_some_and(|f| f.eq_ignore_ascii_case("jsonl") || f.eq_ignore_ascii_case("ndjson"))
}

/// JSONL inputs are named files or standard input: walking a directory finds
/// documents by extension, which says nothing about JSON Lines, and changed
/// lines of a JSONL file say nothing about the lines of the documents in it.
fn jsonl_preconditions(input: &InputArgs, check: Option<&CheckArgs>) -> Result<(), Vec<Error>> {
    let mut errors: Vec<Error> = input
        .files
        .iter()
        .filter(|f| std::path::Path::new(f).is_dir())
        .map(|f| Error::in_file(f, "is a directory; with --input-format jsonl name the JSONL files"))
        .collect();
    if check.is_some_and(|c| c.diff_base.is_some()) {
        errors.push(Error::new("--diff-base does not apply to --input-format jsonl"));
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// One unit of work: a document file, or one line of a JSONL input.
enum Unit {
    File { job: usize },
    Line { job: usize, raw: RawLine },
}

/// The units of a run in input order, handed out in bounded chunks so that
/// however large the input, only one chunk of it is in memory.
struct Units<'a> {
    jobs: &'a [Job],
    jsonl: bool,
    next_job: usize,
    /// The JSONL input being read, with its job.
    reader: Option<(usize, LineReader<Box<dyn Read + Send>>)>,
}

impl<'a> Units<'a> {
    fn new(jobs: &'a [Job], jsonl: bool) -> Units<'a> {
        Units { jobs, jsonl, next_job: 0, reader: None }
    }

    /// Up to `max_units` units holding about `max_bytes` of input (always at
    /// least one unit while any is left). Inputs that cannot be opened or read
    /// are added to `errors`.
    fn next_chunk(&mut self, max_units: usize, max_bytes: usize, errors: &mut Vec<Error>) -> Vec<Unit> {
        let mut chunk = Vec::new();
        let mut bytes = 0;
        while chunk.len() < max_units && (chunk.is_empty() || bytes < max_bytes) {
            if let Some((job, reader)) = &mut self.reader {
                match reader.next_line() {
                    Ok(Some(raw)) => {
                        bytes += raw.bytes().len();
                        chunk.push(Unit::Line { job: *job, raw });
                        continue;
                    }
                    Ok(None) => {}
                    Err(e) => errors.push(input::read_error(&self.jobs[*job].display, &e)),
                }
                self.reader = None;
            }
            let Some(job) = self.jobs.get(self.next_job) else { break };
            let index = self.next_job;
            self.next_job += 1;
            if !self.jsonl {
                // The size is only an estimate for bounding the chunk; the worker
                // reports a file it cannot read.
                bytes += std::fs::metadata(&job.path).map_or(0, |m| m.len() as usize);
                chunk.push(Unit::File { job: index });
                continue;
            }
            // The line reader reads in large blocks of its own: no buffering here.
            let opened: std::io::Result<Box<dyn Read + Send>> = if job.path == "-" {
                Ok(Box::new(std::io::stdin()))
            } else {
                std::fs::File::open(&job.path).map(|f| Box::new(f) as _)
            };
            match opened {
                Ok(r) => self.reader = Some((index, LineReader::new(r))),
                Err(e) => errors.push(input::read_error(&job.display, &e)),
            }
        }
        chunk
    }
}

/// The changed lines of each job's file under `--diff-base` (all `None` without
/// it), computed before any output so that a git failure stops the run cleanly.
fn changed_lines(jobs: &[Job], base: Option<&str>) -> Result<Vec<Option<ChangedLines>>, Vec<Error>> {
    let Some(base) = base else { return Ok(jobs.iter().map(|_| None).collect()) };
    let mut diff = DiffBase::new(base);
    let mut out = Vec::with_capacity(jobs.len());
    for job in jobs {
        // Standard input has no history: all of it is new.
        let lines =
            if job.path == "-" { ChangedLines::All } else { diff.changed_lines(&job.path).map_err(|e| vec![e])? };
        out.push(Some(lines));
    }
    Ok(out)
}

/// `claimcheck files`: the documents a check of PATHS would read, one a line.
fn list_files(paths: &[String], exclude: &[String]) -> Outcome {
    // Like ripgrep: with no path, walk the current directory and print names
    // without the `./` that walking "." would give them.
    let (paths, strip) = if paths.is_empty() { (vec![".".to_string()], true) } else { (paths.to_vec(), false) };
    let files = walk::files(&paths, exclude)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for f in &files {
        let shown = if strip { f.strip_prefix("./").unwrap_or(f) } else { f };
        if let Err(e) = writeln!(out, "{shown}") {
            return broken_pipe_or(e);
        }
    }
    if let Err(e) = out.flush() {
        return broken_pipe_or(e);
    }
    Ok(EXIT_OK)
}

/// `claimcheck config`: the settings in force for PATH, as TOML.
fn show_config(path: Option<&str>, sources: &SourceArgs, select: &SelectArgs) -> Outcome {
    let cli = cli_settings(sources, Some(select))?;
    let path = path.unwrap_or(".");
    if !std::path::Path::new(path).exists() {
        return Err(vec![Error::in_file(path, "no such file")]);
    }
    let settings = resolver(sources)?.settings_for(path, &cli).map_err(|e| vec![e])?;
    print!("{}", settings.to_toml());
    Ok(EXIT_OK)
}

/// A closed pipe (`| head`) ends output quietly; other write errors are errors.
fn broken_pipe_or(e: std::io::Error) -> Outcome {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(EXIT_OK)
    } else {
        Err(vec![Error::new(format!("writing output: {e}"))])
    }
}

fn rules_test(dir: Option<String>, no_default: bool) -> Outcome {
    let dirs: Vec<String> = dir.into_iter().collect();
    let rules = load_rules(&dirs, no_default)?;
    let reference = Reference::builtin(&|u: &str| rules.canonical_unit(u));
    let (count, failures) = run_examples(&rules, Some(&reference));
    let mut out = std::io::stdout().lock();
    for f in &failures {
        let _ = writeln!(out, "{f}");
    }
    let failed_examples = {
        let mut keys: Vec<(&str, usize)> = failures.iter().map(|f| (f.path.as_str(), f.line)).collect();
        keys.dedup();
        keys.len()
    };
    let _ = writeln!(out, "{} passed, {} failed", count - failed_examples, failed_examples);
    Ok(if failures.is_empty() { EXIT_OK } else { EXIT_FINDINGS })
}

fn rules_metrics() -> Outcome {
    let rules = RuleSet::builtin();
    let mut out = std::io::stdout().lock();
    for m in &rules.metrics {
        let kinds: Vec<&str> = m.kinds.iter().map(|k| k.name()).collect();
        let _ = writeln!(out, "{:<18} {:<24} {}:{}", m.id, kinds.join(","), m.path, m.line);
    }
    Ok(EXIT_OK)
}

fn reference_check(files: &[String]) -> Outcome {
    let rules = RuleSet::builtin();
    let canon = |u: &str| rules.canonical_unit(u);
    let mut errors = Vec::new();
    let mut out = std::io::stdout().lock();
    for arg in files {
        let (path, severity) = reference_arg(arg);
        match Reference::read(&path, severity, &canon) {
            Ok(r) => {
                for n in &r.notices {
                    let _ = writeln!(out, "warning: {n}");
                }
                let _ = writeln!(out, "{path}: {} subjects, {} facts: ok", r.subjects.len(), r.facts.len());
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() { Ok(EXIT_OK) } else { Err(errors) }
}

fn rule_doc(code: Option<&str>) -> Outcome {
    let mut out = std::io::stdout().lock();
    match code {
        None => {
            for c in codes::CODES {
                let _ = writeln!(
                    out,
                    "{} {:<20} {:<8} {}",
                    c.code,
                    c.name,
                    c.severity.name(),
                    if c.enabled_by_default { "" } else { "(off by default)" }
                );
            }
            Ok(EXIT_OK)
        }
        Some(key) => match codes::lookup(key) {
            Some(c) => {
                let _ = writeln!(out, "{} {} ({} by default)\n\n{}", c.code, c.name, c.severity.name(), c.doc);
                Ok(EXIT_OK)
            }
            None => Err(vec![Error::new(format!("no finding code {key:?}; `claimcheck rule` lists them"))]),
        },
    }
}
