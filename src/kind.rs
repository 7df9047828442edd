//! The vocabulary every floor shares: what kind of quantity, and how it is bounded.

use serde::Serialize;

/// What kind of quantity a mention states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A count of people or things ("32 people", "two crew members"), or a bare number.
    Count,
    /// An amount of money; the unit is an ISO 4217 code.
    Money,
    /// A percentage, percentage points or basis points.
    Percent,
    /// A physical quantity with a unit ("414 mm", "3 sq km").
    Quantity,
    /// A calendar date at its stated precision.
    Date,
    /// A length of time ("two days", "a three-year plan").
    Duration,
}

impl Kind {
    /// The lower-case name used in output and rule files.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Money => "money",
            Kind::Percent => "percent",
            Kind::Quantity => "quantity",
            Kind::Date => "date",
            Kind::Duration => "duration",
        }
    }

    /// Parses a kind name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Some(match name {
            "count" => Kind::Count,
            "money" => Kind::Money,
            "percent" => Kind::Percent,
            "quantity" => Kind::Quantity,
            "date" => Kind::Date,
            "duration" => Kind::Duration,
            _ => return None,
        })
    }
}

/// How the stated number bounds the true one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// Stated plainly: "32 people".
    Exact,
    /// "about", "around", "some", "nearly", "an estimated".
    Approx,
    /// "at least": true value ≥ stated.
    AtLeast,
    /// "more than", "over": true value > stated.
    MoreThan,
    /// "up to", "no more than": true value ≤ stated.
    AtMost,
    /// "under", "fewer than": true value < stated.
    LessThan,
    /// "between 30 and 40", "30-40": `low` ≤ true value ≤ `high`.
    Range,
}

impl Qualifier {
    /// The snake_case name used in output and rule files.
    pub fn name(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approx => "approx",
            Qualifier::AtLeast => "at_least",
            Qualifier::MoreThan => "more_than",
            Qualifier::AtMost => "at_most",
            Qualifier::LessThan => "less_than",
            Qualifier::Range => "range",
        }
    }

    /// Parses a qualifier name.
    pub fn from_name(name: &str) -> Option<Qualifier> {
        Some(match name {
            "exact" => Qualifier::Exact,
            "approx" => Qualifier::Approx,
            "at_least" => Qualifier::AtLeast,
            "more_than" => Qualifier::MoreThan,
            "at_most" => Qualifier::AtMost,
            "less_than" => Qualifier::LessThan,
            "range" => Qualifier::Range,
            _ => return None,
        })
    }
}
