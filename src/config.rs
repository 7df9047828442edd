//! `claimcheck.toml`: project settings, found next to the documents.
//!
//! As with ruff, the nearest `claimcheck.toml` in a file's directory or above it
//! applies to that file, alone (no cascade of parent configs); `--config FILE`
//! applies one file to every document and `--isolated` ignores config files.
//! Paths inside a config file are relative to the file's directory, so a config
//! means the same thing whatever directory claimcheck is started from.
//! Command-line flags win over the file.
//!
//! ```toml
//! references = [{ path = "facts.csv", severity = "error" }]
//! rules = ["rules"]
//! tolerance = "5%"
//! date = "2025-01-01"
//! select = ["CC1", "CC201"]
//! ignore = ["CC105"]
//! fail-on = "warning"
//!
//! [[overrides]]
//! files = ["drafts/**/*.md"]
//! fail-on = "never"
//! ```
//!
//! A key claimcheck does not know, or a value it cannot use, is an error naming
//! the file, line and column: a misspelt `fial-on` that silently did nothing
//! would pass builds it was meant to fail.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::date::PartialDate;
use crate::document::io_message;
use crate::error::Error;
use crate::reference::Severity;
use crate::rules::parse_percent;
use crate::select::{FailOn, SelectLayer, Selection, Selector};

/// The name of the config file looked for.
pub const CONFIG_FILE: &str = "claimcheck.toml";

/// The file as written; every value keeps its span for error messages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFile {
    references: Option<Vec<Spanned<RawReference>>>,
    rules: Option<Vec<Spanned<String>>>,
    tolerance: Option<Spanned<String>>,
    date: Option<Spanned<toml::Value>>,
    select: Option<Vec<Spanned<String>>>,
    extend_select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
}

/// `[[overrides]]`: the per-file keys, for the files matching `files`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    files: Spanned<Vec<Spanned<String>>>,
    tolerance: Option<Spanned<String>>,
    date: Option<Spanned<toml::Value>>,
    select: Option<Vec<Spanned<String>>>,
    extend_select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    fail_on: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReference {
    path: String,
    #[serde(default)]
    severity: Option<String>,
}

/// The settings that may differ from file to file under one config: the top
/// level of a config, an `[[overrides]]` table, or the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layer {
    /// select / extend-select / ignore.
    pub select: SelectLayer,
    /// `fail-on`.
    pub fail_on: Option<FailOn>,
    /// `tolerance`: the default band for approximate values, as a fraction.
    pub tolerance: Option<Decimal>,
    /// `date`: the document date when the document states none.
    pub date: Option<PartialDate>,
}

/// An `[[overrides]]` table.
#[derive(Debug, Clone)]
pub struct Override {
    /// The globs as written.
    pub files: Vec<String>,
    matcher: Gitignore,
    /// Its settings.
    pub layer: Layer,
}

/// A loaded, validated config file.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// The file, as shown to the user.
    pub path: String,
    /// Its directory, absolute: relative paths and globs start here.
    pub dir: PathBuf,
    /// Reference CSVs with their severities (paths resolved), if the key is set.
    pub references: Option<Vec<(String, Severity)>>,
    /// Rule directories (paths resolved), if the key is set.
    pub rules: Option<Vec<String>>,
    /// Top-level per-file settings.
    pub base: Layer,
    /// `[[overrides]]`, in file order (a later one wins where they disagree).
    pub overrides: Vec<Override>,
}

/// A path as shown: relative to the current directory when under it, else as is.
pub fn display_path(path: &Path) -> String {
    let shown = std::env::current_dir().ok().and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    match shown {
        Some(p) if p.as_os_str().is_empty() => ".".to_string(),
        Some(p) => p.to_string_lossy().into_owned(),
        None => path.to_string_lossy().into_owned(),
    }
}

fn absolute(path: &Path) -> Result<PathBuf, Error> {
    std::path::absolute(path).map_err(|e| Error::in_file(path.to_string_lossy(), io_message(&e)))
}

/// Turns a byte span of the config source into a located error.
struct Located<'a> {
    path: &'a str,
    source: &'a str,
}

impl Located<'_> {
    fn at(&self, span: Range<usize>, message: impl Into<String>) -> Error {
        let start = span.start.min(self.source.len());
        let before = &self.source[..start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Error::at(self.path, line, Some(column), message)
    }

    fn selectors(&self, key: &str, list: &Option<Vec<Spanned<String>>>) -> Result<Option<Vec<Selector>>, Error> {
        let Some(list) = list else { return Ok(None) };
        list.iter()
            .map(|s| {
                Selector::parse(s.get_ref()).ok_or_else(|| {
                    self.at(
                        s.span(),
                        format!("{key}: {:?} is no code, prefix or name; `claimcheck rule` lists them", s.get_ref()),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    #[allow(clippy::too_many_arguments)]
    fn layer(
        &self,
        select: &Option<Vec<Spanned<String>>>,
        extend_select: &Option<Vec<Spanned<String>>>,
        ignore: &Option<Vec<Spanned<String>>>,
        fail_on: &Option<Spanned<String>>,
        tolerance: &Option<Spanned<String>>,
        date: &Option<Spanned<toml::Value>>,
    ) -> Result<Layer, Error> {
        let fail_on = match fail_on {
            None => None,
            Some(f) => Some(FailOn::from_name(f.get_ref()).ok_or_else(|| {
                self.at(f.span(), format!("fail-on: {:?} is not one of error, warning, info, never", f.get_ref()))
            })?),
        };
        let tolerance = match tolerance {
            None => None,
            Some(t) => Some(parse_tolerance(t.get_ref()).ok_or_else(|| {
                self.at(t.span(), format!("tolerance: {:?} is not a percentage like \"5%\"", t.get_ref()))
            })?),
        };
        let date =
            match date {
                None => None,
                Some(d) => {
                    // Both `date = "2025-01-01"` and the bare TOML date `date = 2025-01-01`.
                    let text = match d.get_ref() {
                        toml::Value::String(s) => s.clone(),
                        toml::Value::Datetime(dt) => dt.to_string(),
                        other => other.to_string(),
                    };
                    Some(PartialDate::parse_iso(&text).ok_or_else(|| {
                        self.at(d.span(), format!("date: {text:?} is not an ISO 8601 date (YYYY-MM-DD)"))
                    })?)
                }
            };
        Ok(Layer {
            select: SelectLayer {
                select: self.selectors("select", select)?,
                extend_select: self.selectors("extend-select", extend_select)?.unwrap_or_default(),
                ignore: self.selectors("ignore", ignore)?.unwrap_or_default(),
            },
            fail_on,
            tolerance,
            date,
        })
    }
}

/// Parses a tolerance: a non-negative percentage, `"5%"` (the `%` is required, so
/// `"5"` cannot be mistaken for 500%).
pub fn parse_tolerance(text: &str) -> Option<Decimal> {
    parse_percent(text).filter(|d| !d.is_sign_negative())
}

impl ConfigFile {
    /// Parses config text; `path` is the file (for messages and relative paths).
    pub fn parse(path: &Path, source: &str) -> Result<ConfigFile, Error> {
        let abs = absolute(path)?;
        let dir = abs.parent().unwrap_or(Path::new("/")).to_path_buf();
        let shown = display_path(&abs);
        let loc = Located { path: &shown, source };
        let raw: RawFile = toml::from_str(source).map_err(|e| match e.span() {
            Some(span) => loc.at(span, e.message().trim().to_string()),
            None => Error::in_file(&shown, e.message().trim().to_string()),
        })?;
        let resolve = |p: &str| display_path(&dir.join(p));
        let references = match &raw.references {
            None => None,
            Some(list) => Some(
                list.iter()
                    .map(|r| {
                        let severity = match &r.get_ref().severity {
                            None => Severity::Error,
                            Some(s) => Severity::from_name(s).ok_or_else(|| {
                                loc.at(
                                    r.span(),
                                    format!("references: severity {s:?} is not one of error, warning, info"),
                                )
                            })?,
                        };
                        Ok((resolve(&r.get_ref().path), severity))
                    })
                    .collect::<Result<Vec<_>, Error>>()?,
            ),
        };
        let rules = raw.rules.as_ref().map(|list| list.iter().map(|r| resolve(r.get_ref())).collect());
        let base = loc.layer(&raw.select, &raw.extend_select, &raw.ignore, &raw.fail_on, &raw.tolerance, &raw.date)?;
        let mut overrides = Vec::new();
        for o in &raw.overrides {
            let mut builder = GitignoreBuilder::new(&dir);
            for glob in o.files.get_ref() {
                builder
                    .add_line(None, glob.get_ref())
                    .map_err(|e| loc.at(glob.span(), format!("overrides: files: {:?}: {e}", glob.get_ref())))?;
            }
            if o.files.get_ref().is_empty() {
                return Err(loc.at(o.files.span(), "overrides: files is empty; the override would apply to nothing"));
            }
            let matcher = builder.build().map_err(|e| loc.at(o.files.span(), format!("overrides: files: {e}")))?;
            overrides.push(Override {
                files: o.files.get_ref().iter().map(|g| g.get_ref().clone()).collect(),
                matcher,
                layer: loc.layer(&o.select, &o.extend_select, &o.ignore, &o.fail_on, &o.tolerance, &o.date)?,
            });
        }
        Ok(ConfigFile { path: shown, dir, references, rules, base, overrides })
    }

    /// Reads and parses a config file.
    pub fn read(path: &Path) -> Result<ConfigFile, Error> {
        let source = std::fs::read_to_string(path).map_err(|e| {
            Error::in_file(path.to_string_lossy(), format!("cannot read config file: {}", io_message(&e)))
        })?;
        ConfigFile::parse(path, &source)
    }

    /// The overrides whose `files` globs match a file (given absolute), in order.
    /// Globs are `.gitignore`-style, relative to the config's directory; a glob
    /// naming a directory covers the files under it. A file outside the config's
    /// directory (possible with `--config`) matches none.
    pub fn overrides_for(&self, file: &Path) -> impl Iterator<Item = &Override> {
        let inside = file.starts_with(&self.dir);
        self.overrides.iter().filter(move |o| inside && o.matcher.matched_path_or_any_parents(file, false).is_ignore())
    }
}

/// Where config comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Discovery {
    /// The nearest `claimcheck.toml` at or above each document.
    Nearest,
    /// One file for every document (`--config`).
    File(PathBuf),
    /// No config file (`--isolated`).
    Isolated,
}

/// What the command line sets; each `Some` (or non-empty list) wins over config.
#[derive(Debug, Clone, Default)]
pub struct CliSettings {
    /// `--reference`, when given at least once.
    pub references: Option<Vec<(String, Severity)>>,
    /// `--rules`, when given at least once.
    pub rules: Option<Vec<String>>,
    /// `--no-default-rules`.
    pub no_default_rules: bool,
    /// `--select`, `--extend-select`, `--ignore`, `--fail-on`, `--tolerance`.
    pub layer: Layer,
}

/// The settings in force for one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The config file used, as shown to the user.
    pub config: Option<String>,
    /// Reference CSVs; empty means the built-in reference.
    pub references: Vec<(String, Severity)>,
    /// Extra rule directories.
    pub rules: Vec<String>,
    /// Whether the built-in rules are left out.
    pub no_default_rules: bool,
    /// The codes reported.
    pub selection: Selection,
    /// What fails the run.
    pub fail_on: FailOn,
    /// The default approximate tolerance (`None`: the checker's built-in 5%).
    pub tolerance: Option<Decimal>,
    /// The document date when the document has none.
    pub date: Option<PartialDate>,
}

impl Settings {
    /// The part of the settings that decides which rules and reference are loaded;
    /// documents with equal keys share one loaded rule set and reference.
    pub fn engine_key(&self) -> EngineKey {
        EngineKey {
            references: self.references.clone(),
            rules: self.rules.clone(),
            no_default_rules: self.no_default_rules,
        }
    }

    /// The settings as a `claimcheck.toml` would write them (for `claimcheck config`).
    pub fn to_toml(&self) -> String {
        #[derive(Serialize)]
        struct RefOut<'a> {
            path: &'a str,
            severity: &'static str,
        }
        #[derive(Serialize)]
        #[serde(rename_all = "kebab-case")]
        struct Out<'a> {
            references: Vec<RefOut<'a>>,
            rules: &'a [String],
            tolerance: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            date: Option<String>,
            select: Vec<&'static str>,
            fail_on: &'static str,
        }
        let out = Out {
            references: self.references.iter().map(|(p, s)| RefOut { path: p, severity: s.name() }).collect(),
            rules: &self.rules,
            tolerance: format!(
                "{}%",
                (self.tolerance.unwrap_or_else(crate::check::default_tolerance) * Decimal::ONE_HUNDRED).normalize()
            ),
            date: self.date.map(|d| d.to_string()),
            select: self.selection.codes(),
            fail_on: self.fail_on.name(),
        };
        let mut text = match &self.config {
            Some(c) => format!("# config file: {c}\n"),
            None => "# config file: none (built-in defaults)\n".to_string(),
        };
        if self.references.is_empty() {
            text.push_str("# no reference files: the built-in reference is used\n");
        }
        if self.no_default_rules {
            text.push_str("# --no-default-rules: only the rules directories are loaded\n");
        }
        text.push_str(&toml::to_string(&out).unwrap_or_default());
        text
    }
}

/// What a loaded rule set and reference depend on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EngineKey {
    /// Reference CSVs and severities.
    pub references: Vec<(String, Severity)>,
    /// Rule directories.
    pub rules: Vec<String>,
    /// Whether the built-in rules are left out.
    pub no_default_rules: bool,
}

/// Finds and loads config files, each once, and resolves settings per document.
#[derive(Debug)]
pub struct Resolver {
    discovery: Discovery,
    /// Directory → the config file that applies there (after `--config` / discovery).
    by_dir: HashMap<PathBuf, Option<Rc<ConfigFile>>>,
    /// Config path → loaded file.
    loaded: HashMap<PathBuf, Rc<ConfigFile>>,
}

impl Resolver {
    /// A resolver; with [`Discovery::File`] the file is read now, so a bad
    /// `--config` fails before anything is checked.
    pub fn new(discovery: Discovery) -> Result<Resolver, Error> {
        let mut r = Resolver { discovery, by_dir: HashMap::new(), loaded: HashMap::new() };
        if let Discovery::File(path) = r.discovery.clone() {
            r.load(&path)?;
        }
        Ok(r)
    }

    fn load(&mut self, path: &Path) -> Result<Rc<ConfigFile>, Error> {
        let abs = absolute(path)?;
        if let Some(c) = self.loaded.get(&abs) {
            return Ok(c.clone());
        }
        let config = Rc::new(ConfigFile::read(&abs)?);
        self.loaded.insert(abs, config.clone());
        Ok(config)
    }

    /// The config file that applies to a document (`-` means standard input,
    /// looked up from the current directory).
    pub fn config_for(&mut self, document: &str) -> Result<Option<Rc<ConfigFile>>, Error> {
        match self.discovery.clone() {
            Discovery::Isolated => Ok(None),
            Discovery::File(path) => self.load(&path).map(Some),
            Discovery::Nearest => {
                let abs = absolute(Path::new(if document == "-" { "." } else { document }))?;
                let start =
                    if document == "-" || abs.is_dir() { abs.clone() } else { abs.parent().unwrap_or(&abs).into() };
                self.nearest(&start)
            }
        }
    }

    fn nearest(&mut self, dir: &Path) -> Result<Option<Rc<ConfigFile>>, Error> {
        if let Some(found) = self.by_dir.get(dir) {
            return Ok(found.clone());
        }
        let candidate = dir.join(CONFIG_FILE);
        let found = if candidate.is_file() {
            Some(self.load(&candidate)?)
        } else {
            match dir.parent() {
                Some(parent) => self.nearest(parent)?,
                None => None,
            }
        };
        self.by_dir.insert(dir.to_path_buf(), found.clone());
        Ok(found)
    }

    /// The settings for one document: defaults, then its config's top level, then
    /// its matching overrides in order, then the command line.
    pub fn settings_for(&mut self, document: &str, cli: &CliSettings) -> Result<Settings, Error> {
        let config = self.config_for(document)?;
        let mut s = Settings {
            config: config.as_ref().map(|c| c.path.clone()),
            references: Vec::new(),
            rules: Vec::new(),
            no_default_rules: cli.no_default_rules,
            selection: Selection::default(),
            fail_on: FailOn::default(),
            tolerance: None,
            date: None,
        };
        let apply = |s: &mut Settings, layer: &Layer| {
            s.selection.apply(&layer.select);
            s.fail_on = layer.fail_on.unwrap_or(s.fail_on);
            s.tolerance = layer.tolerance.or(s.tolerance);
            s.date = layer.date.or(s.date);
        };
        if let Some(c) = &config {
            s.references = c.references.clone().unwrap_or_default();
            s.rules = c.rules.clone().unwrap_or_default();
            apply(&mut s, &c.base);
            let abs = absolute(Path::new(if document == "-" { "." } else { document }))?;
            for o in c.overrides_for(&abs) {
                apply(&mut s, &o.layer);
            }
        }
        if let Some(r) = &cli.references {
            s.references = r.clone();
        }
        if let Some(r) = &cli.rules {
            s.rules = r.clone();
        }
        apply(&mut s, &cli.layer);
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile, Error> {
        ConfigFile::parse(Path::new("/proj/claimcheck.toml"), text)
    }

    #[test]
    fn full_file() {
        let c = parse(
            "references = [{ path = \"facts.csv\", severity = \"warning\" }, { path = \"/abs/b.csv\" }]\n\
             rules = [\"rules\"]\ntolerance = \"2.5%\"\ndate = 2025-01-01\nselect = [\"CC1\"]\nfail-on = \"error\"\n\
             [[overrides]]\nfiles = [\"drafts/**/*.md\"]\nfail-on = \"never\"\nignore = [\"magnitude\"]\n",
        )
        .unwrap();
        let refs = c.references.clone().unwrap();
        assert_eq!(refs[0], ("/proj/facts.csv".to_string(), Severity::Warning));
        assert_eq!(refs[1], ("/abs/b.csv".to_string(), Severity::Error));
        assert_eq!(c.rules, Some(vec!["/proj/rules".to_string()]));
        assert_eq!(c.base.tolerance, Some(Decimal::new(25, 3)));
        assert_eq!(c.base.date.unwrap().to_string(), "2025-01-01");
        assert_eq!(c.base.fail_on, Some(FailOn::Error));
        assert_eq!(c.overrides.len(), 1);
        assert_eq!(c.overrides_for(Path::new("/proj/drafts/a/b.md")).count(), 1);
        assert_eq!(c.overrides_for(Path::new("/proj/drafts/b.md")).count(), 1);
        assert_eq!(c.overrides_for(Path::new("/proj/news/b.md")).count(), 0);
        assert_eq!(c.overrides_for(Path::new("/elsewhere/drafts/b.md")).count(), 0);
    }

    #[test]
    fn errors_are_located() {
        let e = parse("tolerance = \"5%\"\nfial-on = \"error\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(1)));
        assert!(e.message.contains("unknown field `fial-on`"), "{}", e.message);
        let e = parse("select = [\"CC1\", \"CC7\"]\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(1), Some(18)));
        let e = parse("[[overrides]]\nfiles = [\"x\"]\nreferences = []\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        let e = parse("tolerance = \"5\"\n").unwrap_err();
        assert!(e.message.contains("percentage"));
        let e = parse("fail-on = \"fatal\"\n").unwrap_err();
        assert!(e.message.contains("fail-on"));
        let e = parse("date = \"tomorrow\"\n").unwrap_err();
        assert!(e.message.contains("ISO 8601"));
    }
}
