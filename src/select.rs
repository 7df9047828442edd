//! Which finding codes are reported, and which severities fail a run.
//!
//! Selection works as ruff's does: a selector is a code (`CC101`), a prefix of
//! codes (`CC1`, `CC`), a name (`magnitude`) or `ALL`. Settings come in layers
//! (built-in defaults, the config file, its matching overrides, the command line);
//! within each layer `select` replaces the set chosen so far, then `extend-select`
//! adds to it, then `ignore` removes from it. A later layer starts from what the
//! earlier ones left, so `ignore = ["CC105"]` in a config survives `--extend-select`
//! but not `--select`.

use std::fmt;

use crate::check::codes::{self, CODES, Code};
use crate::reference::Severity;

/// One entry of a `select`, `extend-select` or `ignore` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector(String);

impl Selector {
    /// Parses a selector; `None` when it names no code at all (a typo must not
    /// silently select or ignore nothing).
    pub fn parse(text: &str) -> Option<Selector> {
        let s = Selector(text.trim().to_string());
        (!s.0.is_empty() && CODES.iter().any(|c| s.matches(c))).then_some(s)
    }

    /// Whether the selector covers a code: `ALL`, the name, or a prefix of the code,
    /// case-insensitively.
    pub fn matches(&self, code: &Code) -> bool {
        let s = self.0.as_str();
        s.eq_ignore_ascii_case("ALL")
            || code.name.eq_ignore_ascii_case(s)
            || code.code.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s))
    }

    /// The selector as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One layer of selection settings (a config table, an override, the command line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SelectLayer {
    /// Replaces the set chosen so far, when given.
    pub select: Option<Vec<Selector>>,
    /// Added after `select`.
    pub extend_select: Vec<Selector>,
    /// Removed last.
    pub ignore: Vec<Selector>,
}

/// The set of codes reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// One flag per entry of [`CODES`], in order.
    enabled: Vec<bool>,
}

impl Default for Selection {
    /// The codes enabled by default (everything but CC301 unverifiable).
    fn default() -> Selection {
        Selection { enabled: CODES.iter().map(|c| c.enabled_by_default).collect() }
    }
}

impl Selection {
    /// Applies one layer on top of this selection.
    pub fn apply(&mut self, layer: &SelectLayer) {
        let any = |list: &[Selector], c: &Code| list.iter().any(|s| s.matches(c));
        for (on, code) in self.enabled.iter_mut().zip(CODES) {
            if let Some(select) = &layer.select {
                *on = any(select, code);
            }
            if any(&layer.extend_select, code) {
                *on = true;
            }
            if any(&layer.ignore, code) {
                *on = false;
            }
        }
    }

    /// Whether findings with this code are reported.
    pub fn is_selected(&self, code: &Code) -> bool {
        CODES.iter().position(|c| c.code == code.code).is_some_and(|i| self.enabled[i])
    }

    /// Whether findings with this code (`CC901`) or name are reported.
    pub fn is_selected_code(&self, key: &str) -> bool {
        codes::lookup(key).is_some_and(|c| self.is_selected(c))
    }

    /// The selected codes, in registry order.
    pub fn codes(&self) -> Vec<&'static str> {
        CODES.iter().zip(&self.enabled).filter(|(_, on)| **on).map(|(c, _)| c.code).collect()
    }
}

/// The lowest severity of a reported finding that makes the exit status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailOn {
    /// Any reported finding fails (the default: a claim checker that passes a
    /// contradiction by default would hide the very thing it exists to find).
    #[default]
    Info,
    /// Warnings and errors fail.
    Warning,
    /// Only errors fail.
    Error,
    /// Nothing fails; findings are only reported.
    Never,
}

impl FailOn {
    /// Parses `error`, `warning`, `info` or `never`.
    pub fn from_name(name: &str) -> Option<FailOn> {
        match name.trim().to_ascii_lowercase().as_str() {
            "never" => Some(FailOn::Never),
            other => Some(match Severity::from_name(other)? {
                Severity::Error => FailOn::Error,
                Severity::Warning => FailOn::Warning,
                Severity::Info => FailOn::Info,
            }),
        }
    }

    /// The name [`FailOn::from_name`] reads.
    pub fn name(self) -> &'static str {
        match self {
            FailOn::Info => "info",
            FailOn::Warning => "warning",
            FailOn::Error => "error",
            FailOn::Never => "never",
        }
    }

    /// Whether a reported finding of this severity fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        let threshold = match self {
            FailOn::Never => return false,
            FailOn::Info => Severity::Info,
            FailOn::Warning => Severity::Warning,
            FailOn::Error => Severity::Error,
        };
        // Severity orders the most severe first.
        severity <= threshold
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(list: &[&str]) -> Vec<Selector> {
        list.iter().map(|s| Selector::parse(s).unwrap()).collect()
    }

    #[test]
    fn selectors() {
        let cc101 = codes::lookup("CC101").unwrap();
        assert!(Selector::parse("cc1").unwrap().matches(cc101));
        assert!(Selector::parse("magnitude").unwrap().matches(cc101));
        assert!(Selector::parse("ALL").unwrap().matches(cc101));
        assert!(!Selector::parse("CC2").unwrap().matches(cc101));
        assert!(Selector::parse("CC7").is_none());
        assert!(Selector::parse("magnitud").is_none());
        assert!(Selector::parse("").is_none());
    }

    #[test]
    fn layers() {
        let mut s = Selection::default();
        assert!(!s.is_selected_code("CC301"));
        assert!(s.is_selected_code("CC901"));
        s.apply(&SelectLayer { select: Some(sel(&["CC1"])), extend_select: sel(&["CC301"]), ignore: sel(&["CC105"]) });
        assert_eq!(s.codes(), ["CC101", "CC102", "CC103", "CC104", "CC106", "CC301"]);
        s.apply(&SelectLayer { extend_select: sel(&["CC201"]), ..Default::default() });
        assert!(s.is_selected_code("CC201") && !s.is_selected_code("CC105"));
        s.apply(&SelectLayer { select: Some(sel(&["CC105"])), ..Default::default() });
        assert_eq!(s.codes(), ["CC105"]);
    }

    #[test]
    fn fail_on() {
        assert!(FailOn::Info.fails(Severity::Info));
        assert!(FailOn::Warning.fails(Severity::Error));
        assert!(!FailOn::Warning.fails(Severity::Info));
        assert!(!FailOn::Error.fails(Severity::Warning));
        assert!(!FailOn::Never.fails(Severity::Error));
        assert_eq!(FailOn::from_name("never"), Some(FailOn::Never));
        assert_eq!(FailOn::from_name("WARN"), Some(FailOn::Warning));
        assert_eq!(FailOn::from_name("fatal"), None);
    }
}
