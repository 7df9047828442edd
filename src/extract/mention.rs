//! What the extractor finds: a typed, normalized numeric expression with its span.

use rust_decimal::Decimal;

use crate::date::PartialDate;
pub use crate::kind::{Kind, Qualifier};

/// The normalized value of a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// An exact decimal (counts, money, percentages, quantities, durations).
    Number(Decimal),
    /// A calendar date at its stated precision.
    Date(PartialDate),
    /// A period from one date to another, both included ("from March 3 to March
    /// 7", "2010-2015", "the next 3 days"); the mention's qualifier is `Range`.
    DateRange(PartialDate, PartialDate),
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

    /// The date, if this is one (not a period between two dates).
    pub fn date(&self) -> Option<PartialDate> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    /// The first and last date of a period, if this is one.
    pub fn date_range(&self) -> Option<(PartialDate, PartialDate)> {
        match self {
            Value::DateRange(a, b) => Some((*a, *b)),
            _ => None,
        }
    }

    /// The value as output prints it: a plain decimal, or ISO 8601 (a period as
    /// an ISO 8601 interval, `2010/2015`).
    pub fn to_output(&self) -> Option<String> {
        match self {
            Value::Number(n) => Some(crate::plain::decimal(*n)),
            Value::Date(d) => Some(d.to_string()),
            Value::DateRange(a, b) => Some(format!("{a}/{b}")),
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
    /// Shared: the same rule name is on every mention it builds.
    pub rule: std::sync::Arc<str>,
}

impl Mention {
    /// The numeric value, if it has one.
    pub fn number(&self) -> Option<Decimal> {
        self.value.number()
    }

    /// Length of the span in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty (never, for a found mention).
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}
