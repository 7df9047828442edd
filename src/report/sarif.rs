//! SARIF 2.1.0, for GitHub code scanning (`upload-sarif`), the VS Code SARIF
//! viewer and reviewdog. One run; the driver lists every registered code as a rule
//! so `ruleIndex` is the code's position in the registry.
//!
//! Columns are Unicode code points (declared with the run's `columnKind`, since
//! consumers disagree on the default) and so are `charOffset`/`charLength`.
//! Results are built while the document is at hand and written at the end.

use std::io::{self, Write};

use serde::Serialize;

use super::finding::Finding;
use crate::check::codes::{self, Code};
use crate::document::Document;
use crate::reference::Severity;

/// The schema the log declares.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: &'a [SarifResult],
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Text,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
    enabled: bool,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

/// One result, ready to be written.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<Fix>,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "claimcheck/v1")]
    claimcheck: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    char_offset: usize,
    char_length: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix {
    description: Text,
    artifact_changes: [ArtifactChange; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: [Replacement; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

/// SARIF's level names.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a path: `/` separators and percent-encoding of
/// everything but unreserved characters, so spaces or `#` in a file name do not
/// break the URI. Absolute paths become `file://` URIs.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if path.starts_with('/') { format!("file://{out}") } else { out }
}

/// The region of a byte range of the document, in code points.
fn region(doc: &Document, start: usize, end: usize, snippet: bool) -> Region {
    let (start_line, start_column) = doc.line_col(start);
    let (end_line, end_column) = doc.line_col(end);
    let chars = |a: usize, b: usize| doc.source.get(a..b).map_or(0, |s| s.chars().count());
    Region {
        start_line,
        start_column,
        end_line,
        end_column,
        char_offset: chars(0, start),
        char_length: chars(start, end),
        snippet: snippet.then(|| Text { text: doc.source.get(start..end).unwrap_or("").to_string() }),
    }
}

/// The result of one finding of `doc`.
pub(super) fn result(doc: &Document, f: &Finding) -> SarifResult {
    let uri = uri(&f.path);
    let related_locations = f
        .related
        .iter()
        .enumerate()
        .map(|(i, s)| Location {
            id: Some(i + 1),
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri: uri.clone() },
                region: region(doc, s.start, s.end, true),
            },
            message: Some(Text { text: format!("related: {:?}", s.text) }),
        })
        .collect();
    let fixes = f
        .fix
        .iter()
        .map(|fix| Fix {
            description: Text {
                text: format!(
                    "Replace {:?} with {:?}",
                    doc.source.get(fix.start..fix.end).unwrap_or(""),
                    fix.replacement
                ),
            },
            artifact_changes: [ArtifactChange {
                artifact_location: ArtifactLocation { uri: uri.clone() },
                replacements: [Replacement {
                    deleted_region: region(doc, fix.start, fix.end, false),
                    inserted_content: Text { text: fix.replacement.clone() },
                }],
            }],
        })
        .collect();
    SarifResult {
        rule_id: f.code,
        rule_index: f.rule_index(),
        level: level(f.severity),
        message: Text { text: f.message.clone() },
        locations: [Location {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri },
                region: region(doc, f.start, f.end, true),
            },
            message: None,
        }],
        partial_fingerprints: Fingerprints { claimcheck: f.fingerprint.clone() },
        related_locations,
        fixes,
    }
}

/// The first sentence of a doc string (up to ". "), for `shortDescription`.
fn first_sentence(doc: &str) -> String {
    match doc.find(". ") {
        Some(i) => doc[..=i].to_string(),
        None => doc.to_string(),
    }
}

fn rule(c: &Code) -> Rule {
    Rule {
        id: c.code,
        name: c.name,
        short_description: Text { text: first_sentence(c.doc) },
        full_description: Text { text: c.doc.to_string() },
        help: Text { text: format!("{} Run `claimcheck rule {}` for details.", c.doc, c.code) },
        default_configuration: Configuration { level: level(c.severity), enabled: c.enabled_by_default },
    }
}

/// Writes the whole log.
pub(super) fn write_log(out: &mut dyn Write, results: &[SarifResult]) -> io::Result<()> {
    let version = env!("CARGO_PKG_VERSION");
    // Cargo sets these from the manifest; an empty one is left out rather than
    // written as an invalid URI.
    let information_uri =
        [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")].into_iter().find(|u| !u.is_empty());
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "claimcheck",
                    version,
                    semantic_version: version,
                    information_uri,
                    rules: codes::CODES.iter().map(rule).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}
