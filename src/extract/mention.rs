//! What the extractor finds: a typed, normalized numeric expression with its span.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::date::PartialDate;

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

/// The normalized value of a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// An exact decimal (counts, money, percentages, quantities, durations).
    Number(Decimal),
    /// A calendar date at its stated precision.
    Date(PartialDate),
    /// A date the text names but that cannot be placed without a document date
    /// ("on Tuesday" with no `--date`).
    UnresolvedDate,
}

impl Value {
    /// The number, if this is one.
    pub fn number(&self) -> Option<Decimal> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The date, if this is one.
    pub fn date(&self) -> Option<PartialDate> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    /// The value as output prints it: a plain decimal, or ISO 8601.
    pub fn to_output(&self) -> Option<String> {
        match self {
            Value::Number(n) => Some(n.normalize().to_string()),
            Value::Date(d) => Some(d.to_string()),
            Value::UnresolvedDate => None,
        }
    }
}

/// One numeric expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte offset of the first byte, in the text given to the extractor.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// What it states.
    pub kind: Kind,
    /// The normalized value (for a range, its low end).
    pub value: Value,
    /// ISO 4217 code, canonical unit symbol, counted noun (`people`), or duration
    /// unit (`day`); `None` for a bare number or a date.
    pub unit: Option<String>,
    /// How the number bounds the truth.
    pub qualifier: Qualifier,
    /// For a range: the low end.
    pub low: Option<Decimal>,
    /// For a range: the high end.
    pub high: Option<Decimal>,
    /// The place value of the last significant digit as stated, in the value's unit:
    /// 10,000 for "710,000", 100,000 for "1.2 million", 1 for "4,333". Checking
    /// reads a stated value as the interval it rounds from.
    pub step: Decimal,
    /// The rule that built it (`file:rule`).
    pub rule: String,
}

impl Mention {
    /// The numeric value, if it has one.
    pub fn number(&self) -> Option<Decimal> {
        self.value.number()
    }
}
