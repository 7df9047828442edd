//! The command line: parses arguments, wires the pipeline, prints, and turns
//! every problem into a message naming the file and line, with exit status 2.

use std::io::{IsTerminal, Read, Write};

use clap::{Args, Parser, Subcommand};

use crate::check::{Checker, Verdict, codes};
use crate::claims::Binder;
use crate::date::PartialDate;
use crate::document::{Document, Format};
use crate::error::Error;
use crate::examples::run_examples;
use crate::reference::{FxTable, Reference, Severity};
use crate::report::{OutputFormat, Record, Reporter};
use crate::rules::RuleSet;

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
    /// Documents to read (`-` for standard input).
    #[arg(required = true)]
    files: Vec<String>,
    /// Output format: human, json, jsonl, csv (claims); concise, full, sarif,
    /// github, gitlab, rdjsonl, junit (findings, for editors and CI).
    #[arg(long, default_value = "human")]
    format: String,
    /// The document date (YYYY-MM-DD) for relative dates and the time of claims;
    /// front matter `date` is used when not given.
    #[arg(long)]
    date: Option<String>,
    /// Add the rule files of this directory (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<String>,
    /// Use only the rule files given with --rules.
    #[arg(long)]
    no_default_rules: bool,
    /// A reference CSV (repeatable); `FILE:warning` gives it a severity
    /// (error by default). Without one, the built-in reference is used.
    #[arg(long = "reference", value_name = "FILE[:SEVERITY]")]
    references: Vec<String>,
    /// Format of standard input, or of every file: txt, md, html.
    #[arg(long)]
    input_format: Option<String>,
    /// The name standard input is reported under.
    #[arg(long)]
    stdin_filename: Option<String>,
    /// Colour in human output: auto, always, never.
    #[arg(long, default_value = "auto")]
    color: String,
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Lowest severity of an inconsistency that makes the exit status 1:
    /// error, warning, info, never.
    #[arg(long, default_value = "info")]
    fail_on: String,
    /// Exit 0 even when something is inconsistent.
    #[arg(long)]
    exit_zero: bool,
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

fn load_reference(rules: &RuleSet, args: &[String]) -> Result<Reference, Vec<Error>> {
    let canon = |u: &str| rules.canonical_unit(u);
    if args.is_empty() {
        return Ok(Reference::builtin(&canon));
    }
    let mut reference = Reference::empty();
    let mut errors = Vec::new();
    for arg in args {
        let (path, severity) = reference_arg(arg);
        match Reference::read(&path, severity, &canon) {
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
    let forced = match &input.input_format {
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

fn run_documents(input: &InputArgs, check: Option<&CheckArgs>) -> Outcome {
    let format = OutputFormat::from_name(&input.format).ok_or_else(|| {
        vec![Error::new(format!("--format {:?} is not one of {}", input.format, OutputFormat::NAMES.join(", ")))]
    })?;
    let fail_on = match check.map(|c| c.fail_on.as_str()) {
        None | Some("never") => None,
        Some(name) => Some(Severity::from_name(name).ok_or_else(|| {
            vec![Error::new(format!("--fail-on {name:?} is not one of error, warning, info, never"))]
        })?),
    };
    let date = parse_date(&input.date)?;
    let rules = load_rules(&input.rules, input.no_default_rules)?;
    let reference = load_reference(&rules, &input.references)?;
    let binder = Binder::new(&rules, &reference);
    let checker = Checker::new(&rules, &reference, FxTable::builtin());
    let color = match input.color.as_str() {
        "always" => true,
        "never" => false,
        _ => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let stdout = std::io::stdout().lock();
    let mut reporter = Reporter::new(std::io::BufWriter::new(stdout), format, color);
    let mut errors = Vec::new();
    let mut failing = false;
    for path in &input.files {
        let doc = match read_input(path, input) {
            Ok(doc) => doc,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let claims = binder.claims(&doc, date);
        let records: Vec<Record> = match check {
            None => claims.iter().map(|c| Record::claim(&doc, c, &reference)).collect(),
            Some(_) => {
                let checked = checker.check(&doc, claims);
                failing |= checked
                    .iter()
                    .any(|c| c.verdict == Verdict::Inconsistent && fail_on.is_some_and(|f| c.severity <= f));
                checked.iter().map(|c| Record::checked(&doc, c, &reference)).collect()
            }
        };
        if let Err(e) = reporter.document(&doc, &records, &[]) {
            return broken_pipe_or(e);
        }
    }
    if let Err(e) = reporter.finish() {
        return broken_pipe_or(e);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let exit_zero = check.is_some_and(|c| c.exit_zero);
    Ok(if failing && !exit_zero { EXIT_FINDINGS } else { EXIT_OK })
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
