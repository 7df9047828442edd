//! claimcheck finds the numeric claims in news text, normalizes them, and checks
//! them against reference facts.
//!
//! The modules follow the pipeline, ground floor first; a module only uses the
//! ones above it in this list:
//!
//! - [`date`], [`error`], [`kind`], [`tokenize`]: calendar dates at stated
//!   precision; the error type; the vocabulary of kinds and qualifiers; the one
//!   tokenizer rule files and texts share.
//! - [`document`]: text, Markdown, HTML → prose blocks mapped to source offsets.
//! - [`rules`]: the rule files (`rules/*.toml`): lexicon, patterns, metrics, and
//!   the examples each file carries.
//! - [`reference`](mod@reference): the reference CSV of known facts, aliases, exchange rates.
//! - [`extract`]: text → typed mentions (count, money, percent, quantity, date,
//!   duration) with qualifiers.
//! - [`claims`]: mention → claim (metric, subject, time).
//! - [`check`]: verdicts against the reference and the document itself.
//! - [`examples`]: runs the examples every rule file carries.
//! - [`select`]: which finding codes are reported, and what fails a run.
//! - [`diff`]: the lines changed since a git revision (`--diff-base`).
//! - [`suppress`]: selection, `claimcheck-disable` comments and changed lines
//!   applied to checked claims: what is reported.
//! - [`report`]: output formats.
//! - [`walk`], [`config`]: which files a run reads; `claimcheck.toml`.
//! - [`input`]: documents read as JSON Lines (`--input-format jsonl`).
//! - [`batch`]: chunked, ordered, parallel processing of many documents; totals.
//! - [`progress`]: the progress bar of long runs.
//! - [`cli`]: the command line, on top of all of it.

pub mod batch;
pub mod check;
pub mod claims;
pub mod cli;
pub mod config;
pub mod date;
pub mod diff;
pub mod document;
pub mod error;
pub mod examples;
pub mod extract;
pub mod input;
pub mod kind;
pub mod plain;
pub mod progress;
pub mod reference;
pub mod report;
pub mod rules;
pub mod select;
pub mod strtable;
pub mod suppress;
pub mod tokenize;
pub mod walk;

pub use error::{Error, Result};
