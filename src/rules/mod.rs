//! The rule files: what words mean and how pieces compose, as data.
//!
//! `rules/*.toml` hold the lexicon (number words, scales, currencies, units,
//! counted nouns, qualifiers, months, relative dates, filters), the composition
//! patterns, the metric rules, and examples of each. The default files are
//! embedded in the binary; [`RuleSet::load`] adds a directory's files on top, a
//! file with a default file's name replacing it. Every problem is reported with
//! the file and line it is on.

mod lexicon;
mod pattern;
mod schema;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rust_decimal::Decimal;

pub use lexicon::{Entry, Lexicon, MeasureUnit, Phrase, PhraseToken, RelativeUnit, excludes as excludes_kind};
pub use pattern::{Item, ItemKind, Pattern};
pub use schema::ExpectToml as Expectation;

use crate::date::PartialDate;
use crate::document::LineIndex;
use crate::error::{Error, Result};
use crate::kind::{Kind, Qualifier};

/// The rule files shipped in the binary, by name.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("numbers.toml", include_str!("../../rules/numbers.toml")),
    ("currencies.toml", include_str!("../../rules/currencies.toml")),
    ("units.toml", include_str!("../../rules/units.toml")),
    ("qualifiers.toml", include_str!("../../rules/qualifiers.toml")),
    ("dates.toml", include_str!("../../rules/dates.toml")),
    ("filters.toml", include_str!("../../rules/filters.toml")),
    ("patterns.toml", include_str!("../../rules/patterns.toml")),
    ("metrics.toml", include_str!("../../rules/metrics.toml")),
];

/// A rule file's name and text, kept for error messages and examples.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// Shown in messages: `rules/x.toml` for a builtin, the path otherwise.
    pub path: String,
    /// The file's text.
    pub text: String,
}

/// A metric rule: which words near a mention say what it measures.
#[derive(Debug, Clone)]
pub struct MetricRule {
    /// The metric id (`population`, `killed`, ...).
    pub id: String,
    /// Mention kinds it applies to (empty: all but dates).
    pub kinds: Vec<Kind>,
    /// Trigger phrases before the mention, tokenized and lower-cased.
    pub before: Vec<Vec<String>>,
    /// Trigger phrases after the mention.
    pub after: Vec<Vec<String>>,
    /// How many tokens away a trigger may stand.
    pub window: usize,
    /// Default band for approximate values: a fraction of the reference value.
    pub tolerance: Option<Decimal>,
    /// The unit the metric implies for a bare count (e.g. `people`).
    pub unit: Option<String>,
    /// Whether repeated statements in one document should agree (a count at a
    /// point in time); false for running totals that change within a story.
    pub consistent_within_document: bool,
    /// Where it is defined.
    pub path: String,
    /// Line of its definition.
    pub line: usize,
}

/// An example from a rule file, run as a test.
#[derive(Debug, Clone)]
pub struct Example {
    /// The rule file it is in.
    pub path: String,
    /// The line of its `[[example]]` table.
    pub line: usize,
    /// The text to extract from.
    pub text: String,
    /// The document date to resolve relative dates against.
    pub date: Option<PartialDate>,
    /// What must be found.
    pub expect: Vec<Expectation>,
    /// Whether nothing else may be found.
    pub exhaustive: bool,
}

/// All rules, compiled and ready for the extractor.
#[derive(Debug)]
pub struct RuleSet {
    /// The files, in load order.
    pub sources: Vec<RuleSource>,
    /// Words and phrases with their meaning.
    pub lexicon: Lexicon,
    /// Composition patterns, in priority order.
    pub patterns: Vec<Pattern>,
    /// Range patterns ("between X and Y").
    pub ranges: Vec<Pattern>,
    /// Metric rules.
    pub metrics: Vec<MetricRule>,
    /// Examples of all files.
    pub examples: Vec<Example>,
}

static BUILTIN: OnceLock<RuleSet> = OnceLock::new();

impl RuleSet {
    /// The embedded default rules (parsed once per process).
    pub fn builtin() -> &'static RuleSet {
        BUILTIN.get_or_init(|| {
            let sources = BUILTIN_FILES
                .iter()
                .map(|(name, text)| RuleSource { path: format!("rules/{name}"), text: (*text).to_string() })
                .collect();
            RuleSet::compile(sources).unwrap_or_else(|e| panic!("builtin rules are invalid: {e}"))
        })
    }

    /// The default rules plus every `*.toml` in each directory (a file named like a
    /// default file replaces it), or only the directories' files when
    /// `with_builtin` is false.
    pub fn load(dirs: &[String], with_builtin: bool) -> Result<RuleSet> {
        let mut files: BTreeMap<String, RuleSource> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        if with_builtin {
            for (name, text) in BUILTIN_FILES {
                order.push((*name).to_string());
                files.insert(
                    (*name).to_string(),
                    RuleSource { path: format!("rules/{name}"), text: (*text).to_string() },
                );
            }
        }
        for dir in dirs {
            let entries = std::fs::read_dir(dir).map_err(|e| Error::in_file(dir, crate::document::io_message(&e)))?;
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect();
            names.sort();
            for name in names {
                let path = format!("{}/{}", dir.trim_end_matches('/'), name);
                let bytes = std::fs::read(&path).map_err(|e| Error::in_file(&path, crate::document::io_message(&e)))?;
                let text = String::from_utf8(bytes).map_err(|_| Error::in_file(&path, "invalid UTF-8 in rule file"))?;
                if !files.contains_key(&name) {
                    order.push(name.clone());
                }
                files.insert(name, RuleSource { path, text });
            }
        }
        let sources = order.into_iter().filter_map(|n| files.remove(&n)).collect();
        RuleSet::compile(sources)
    }

    /// Parses and compiles rule sources.
    pub fn compile(sources: Vec<RuleSource>) -> Result<RuleSet> {
        let mut builder = lexicon::LexiconBuilder::default();
        let mut patterns = Vec::new();
        let mut ranges = Vec::new();
        let mut metrics = Vec::new();
        let mut examples = Vec::new();
        for source in &sources {
            let lines = LineIndex::new(&source.text);
            let line_of = |offset: usize| lines.line_col(&source.text, offset).0;
            let file: schema::RuleFileToml = toml::from_str(&source.text).map_err(|e| {
                let (line, col) = e.span().map_or((1, 1), |s| lines.line_col(&source.text, s.start));
                Error::at(&source.path, line, Some(col), e.message().trim().to_string())
            })?;
            builder.add_file(&source.path, &file, &line_of)?;
            for p in &file.pattern {
                patterns.push(Pattern::compile(&source.path, line_of(p.span().start), p.get_ref(), false)?);
            }
            for p in &file.range {
                ranges.push(Pattern::compile(&source.path, line_of(p.span().start), p.get_ref(), true)?);
            }
            for m in &file.metric {
                metrics.push(compile_metric(&source.path, line_of(m.span().start), m.get_ref())?);
            }
            for ex in &file.example {
                let line = line_of(ex.span().start);
                let ex_ref = ex.get_ref();
                let date = match &ex_ref.date {
                    Some(d) => Some(PartialDate::parse_iso(d).ok_or_else(|| {
                        Error::at(&source.path, line, None, format!("example date {d:?} is not ISO 8601"))
                    })?),
                    None => None,
                };
                examples.push(Example {
                    path: source.path.clone(),
                    line,
                    text: ex_ref.text.clone(),
                    date,
                    expect: ex_ref.expect.clone(),
                    exhaustive: ex_ref.exhaustive.unwrap_or(true),
                });
            }
        }
        builder.add_pattern_words(&patterns);
        builder.add_pattern_words(&ranges);
        let lexicon = builder.finish();
        Ok(RuleSet { sources, lexicon, patterns, ranges, metrics, examples })
    }

    /// The canonical unit for a unit surface, as reference files name units:
    /// a measure symbol or name ("km2", "square kilometres"), a counted noun
    /// ("persons" → "people"), a duration ("days" → "day"), `%`/`percent`.
    pub fn canonical_unit(&self, surface: &str) -> Option<String> {
        self.lexicon.canonical_unit(surface)
    }

    /// The metric rule with this id.
    pub fn metric(&self, id: &str) -> Option<&MetricRule> {
        self.metrics.iter().find(|m| m.id == id)
    }
}

fn compile_metric(path: &str, line: usize, m: &schema::MetricToml) -> Result<MetricRule> {
    let err = |msg: String| Error::at(path, line, None, msg);
    let kinds = m
        .kinds
        .iter()
        .map(|k| Kind::from_name(k).ok_or_else(|| err(format!("metric {:?}: unknown kind {k:?}", m.id))))
        .collect::<Result<Vec<_>>>()?;
    let phrases = |list: &[String]| -> Vec<Vec<String>> {
        list.iter()
            .map(|p| crate::tokenize::tokenize(p).iter().map(|t| t.text(p).to_lowercase()).collect())
            .filter(|v: &Vec<String>| !v.is_empty())
            .collect()
    };
    let tolerance = match &m.tolerance {
        Some(t) => Some(
            parse_percent(t)
                .ok_or_else(|| err(format!("metric {:?}: tolerance {t:?} is not a percentage like \"5%\"", m.id)))?,
        ),
        None => None,
    };
    if m.before.is_empty() && m.after.is_empty() {
        return Err(err(format!("metric {:?} has no trigger phrases (before/after)", m.id)));
    }
    Ok(MetricRule {
        id: m.id.clone(),
        kinds,
        before: phrases(&m.before),
        after: phrases(&m.after),
        window: m.window.unwrap_or(6),
        tolerance,
        unit: m.unit.clone(),
        consistent_within_document: m.cumulative.is_none_or(|c| !c),
        path: path.to_string(),
        line,
    })
}

/// Parses "5%" into 0.05.
pub fn parse_percent(text: &str) -> Option<Decimal> {
    let n = text.trim().strip_suffix('%')?.trim();
    let d: Decimal = n.parse().ok()?;
    Some(d / Decimal::from(100))
}

/// Parses a decimal or a fraction "a/b" from a rule file.
pub(crate) fn parse_rule_number(text: &str) -> Option<Decimal> {
    if let Some((a, b)) = text.split_once('/') {
        let a: Decimal = a.trim().parse().ok()?;
        let b: Decimal = b.trim().parse().ok()?;
        return a.checked_div(b);
    }
    text.trim().parse().ok()
}

/// Parses a qualifier name in a rule file.
pub(crate) fn parse_qualifier(name: &str) -> Option<Qualifier> {
    Qualifier::from_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_compile() {
        let rules = RuleSet::builtin();
        assert!(rules.patterns.len() > 10);
        assert!(!rules.examples.is_empty());
        assert_eq!(rules.canonical_unit("persons").as_deref(), Some("people"));
        assert_eq!(rules.canonical_unit("km2").as_deref(), Some("km2"));
        assert_eq!(rules.canonical_unit("square kilometres").as_deref(), Some("km2"));
    }

    #[test]
    fn malformed_rule_file_names_file_and_line() {
        let bad = RuleSource { path: "x.toml".into(), text: "[[unit]]\nsymbol = \"q\"\nnames = 5\n".into() };
        let err = RuleSet::compile(vec![bad]).unwrap_err();
        assert_eq!(err.path.as_deref(), Some("x.toml"));
        assert!(err.line.is_some(), "{err}");
        let unknown_item =
            RuleSource { path: "y.toml".into(), text: "\n[[pattern]]\nname = \"p\"\nitems = [\"numbr\"]\n".into() };
        let err = RuleSet::compile(vec![unknown_item]).unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        assert!(err.message.contains("numbr"), "{err}");
        let bad_value = RuleSource { path: "z.toml".into(), text: "[numbers.units]\none = \"x1\"\n".into() };
        let err = RuleSet::compile(vec![bad_value]).unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
    }
}
