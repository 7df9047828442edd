//! The registry of finding codes: one stable code, name, default severity and
//! short doc per kind of finding, as ruff keeps its rules.

use super::Reason;
use crate::reference::Severity;

/// A finding code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// Stable code, e.g. `CC101`.
    pub code: &'static str,
    /// Short kebab-case name, e.g. `magnitude`.
    pub name: &'static str,
    /// The severity when the reference file does not set one.
    pub severity: Severity,
    /// Whether it is reported unless selected off.
    pub enabled_by_default: bool,
    /// What it finds, and what to do.
    pub doc: &'static str,
}

/// Every code, in order.
pub const CODES: &[Code] = &[
    Code {
        code: "CC101",
        name: "magnitude",
        severity: Severity::Error,
        enabled_by_default: true,
        doc: "A number is off from the reference by a power of ten: a scale word or zeros slipped \
              (\"million\" written for \"billion\", 7.1 million for 710,000). Where the slip is a scale \
              word, the fix swaps it.",
    },
    Code {
        code: "CC102",
        name: "mismatch",
        severity: Severity::Error,
        enabled_by_default: true,
        doc: "A number disagrees with the reference beyond its rounding, qualifier and tolerance, \
              with no simpler explanation. The message gives the reference, its source and the \
              relative difference.",
    },
    Code {
        code: "CC103",
        name: "currency",
        severity: Severity::Error,
        enabled_by_default: true,
        doc: "An amount is stated in another currency than the reference. It is converted at the \
              ECB reference rate of the claim's date and compared; the finding reports the \
              conversion and whether the amounts agree.",
    },
    Code {
        code: "CC104",
        name: "date",
        severity: Severity::Error,
        enabled_by_default: true,
        doc: "A date does not contain the reference date at the precision it is stated in \
              (\"March 2021\" against 2022-03-04).",
    },
    Code {
        code: "CC105",
        name: "transposition",
        severity: Severity::Error,
        enabled_by_default: true,
        doc: "A number has the reference's digits with two of them swapped (3,433 for 4,333).",
    },
    Code {
        code: "CC106",
        name: "unit",
        severity: Severity::Error,
        enabled_by_default: true,
        doc: "A quantity has the reference's number but another unit (mph for knots); the message \
              gives the converted value.",
    },
    Code {
        code: "CC201",
        name: "internal",
        severity: Severity::Error,
        enabled_by_default: true,
        doc: "The document states the same fact (subject and metric) twice with incompatible \
              values, and nothing says the value changed.",
    },
    Code {
        code: "CC202",
        name: "parts-sum",
        severity: Severity::Error,
        enabled_by_default: true,
        doc: "Parts listed after a total add up to more than the total.",
    },
    Code {
        code: "CC203",
        name: "percent-of",
        severity: Severity::Error,
        enabled_by_default: true,
        doc: "In \"X of Y (Z%)\", Z is not X/Y at the precision Z is stated in.",
    },
    Code {
        code: "CC301",
        name: "unverifiable",
        severity: Severity::Info,
        enabled_by_default: false,
        doc: "A claim could not be checked: no metric, no subject, no reference fact, or units that \
              cannot be compared. Off by default; select it to list what the reference does not cover.",
    },
    Code {
        code: "CC901",
        name: "unused-suppression",
        severity: Severity::Warning,
        enabled_by_default: true,
        doc: "A claimcheck-disable comment suppresses nothing; remove it.",
    },
];

/// The code of a verdict's reason (consistent verdicts have none).
pub fn code_for(reason: Reason) -> &'static Code {
    let code = match reason {
        Reason::Magnitude => "CC101",
        Reason::Mismatch | Reason::Match => "CC102",
        Reason::Currency => "CC103",
        Reason::Date => "CC104",
        Reason::Transposition => "CC105",
        Reason::Unit => "CC106",
        Reason::Internal => "CC201",
        Reason::PartsSum => "CC202",
        Reason::PercentOf => "CC203",
        Reason::NoMetric
        | Reason::NoSubject
        | Reason::NoFact
        | Reason::IncomparableUnit
        | Reason::NoRate
        | Reason::OldValue
        | Reason::Forecast
        | Reason::Difference => "CC301",
    };
    // Called for every record written: an exact search of the codes, not
    // `lookup`'s case-blind one of codes and names.
    CODES.iter().find(|c| c.code == code).expect("every reason maps to a registered code")
}

/// A code by its code (`CC101`) or name (`magnitude`), case-insensitively.
pub fn lookup(key: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.code.eq_ignore_ascii_case(key) || c.name.eq_ignore_ascii_case(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_resolvable() {
        for (i, a) in CODES.iter().enumerate() {
            for b in &CODES[i + 1..] {
                assert_ne!(a.code, b.code);
                assert_ne!(a.name, b.name);
            }
            assert_eq!(lookup(a.name).unwrap().code, a.code);
        }
        assert_eq!(code_for(Reason::Magnitude).name, "magnitude");
        assert_eq!(code_for(Reason::NoFact).code, "CC301");
    }
}
