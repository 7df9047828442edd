//! Currencies (ISO 4217 names) and ECB euro reference exchange rates, both from
//! the embedded `data/` files.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::OnceLock;

use rust_decimal::Decimal;

use crate::date::{Day, PartialDate, Precision};

const CURRENCIES_CSV: &str = include_str!("../../data/currencies.csv");
const ECB_CSV: &str = include_str!("../../data/ecb-rates.csv");

/// How far back (in days) [`FxTable::rate`] looks for the latest published rate
/// before giving up: covers weekends and the ECB's Easter/Christmas closures, but
/// not a currency the ECB stopped quoting (RUB after 2022-03-01).
pub const MAX_FX_LOOKBACK_DAYS: i64 = 10;

fn currencies() -> &'static HashMap<String, String> {
    static CURRENCIES: OnceLock<HashMap<String, String>> = OnceLock::new();
    CURRENCIES.get_or_init(|| {
        let mut reader = csv::Reader::from_reader(CURRENCIES_CSV.as_bytes());
        reader
            .records()
            .map(|r| r.expect("data/currencies.csv is valid CSV"))
            .map(|r| (r[0].to_string(), r[1].to_string()))
            .collect()
    })
}

/// The ISO 4217 name of a currency code ("EUR" → "Euro"), from `data/currencies.csv`.
/// The code must be upper case as ISO writes it.
pub fn currency_name(code: &str) -> Option<&'static str> {
    currencies().get(code).map(String::as_str)
}

/// Whether `code` is a current ISO 4217 code (from `data/currencies.csv`) or a
/// former one the ECB quoted since 2010 (EEK, LTL, LVL, HRK, BGN). Upper case only.
pub fn is_currency(code: &str) -> bool {
    currencies().contains_key(code)
        || (code.len() == 3
            && ECB_CSV.lines().next().is_some_and(|header| header.split(',').skip(1).any(|c| c == code)))
}

/// An exchange rate: 1 unit of the `from` currency is `rate` units of `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FxRate {
    /// Units of `to` per unit of `from`.
    pub rate: Decimal,
    /// The ECB business day whose rates were used; for a month or year asked at
    /// that precision, the period itself (the rate is then the period's mean).
    pub date: PartialDate,
}

/// ECB euro foreign exchange reference rates: per business day, units of each
/// currency per 1 EUR.
#[derive(Debug, Clone)]
pub struct FxTable {
    /// Business days, ascending.
    days: Vec<Day>,
    /// Currency codes, one per column of `rates`.
    codes: Vec<String>,
    /// `rates[currency][day]`: units per EUR, `None` where the ECB published none.
    rates: Vec<Vec<Option<Decimal>>>,
}

/// An [`FxTable`] being read: rows go straight into the columns, in file order,
/// and are sorted at the end only if they are not in order already.
struct TableBuilder {
    /// (field index, code) of each currency column.
    columns: Vec<(usize, String)>,
    days: Vec<Day>,
    rates: Vec<Vec<Option<Decimal>>>,
}

impl TableBuilder {
    /// From the header's fields; `rows` is a capacity hint.
    fn new<'h>(header: impl Iterator<Item = &'h str>, rows: usize) -> TableBuilder {
        // An empty header (the trailing comma of the ECB original) is no column.
        let columns: Vec<(usize, String)> =
            header.enumerate().skip(1).map(|(i, c)| (i, c.trim().to_string())).filter(|(_, c)| !c.is_empty()).collect();
        let rates = (0..columns.len()).map(|_| Vec::with_capacity(rows)).collect();
        TableBuilder { columns, days: Vec::with_capacity(rows), rates }
    }

    /// Adds the record on `line` whose fields `field` gives by index.
    fn row<'r>(&mut self, line: u64, field: impl Fn(usize) -> Option<&'r str>) -> Result<(), String> {
        let first = field(0).unwrap_or("");
        let date = PartialDate::parse_iso(first)
            .filter(|d| d.precision == Precision::Day)
            .ok_or_else(|| format!("line {line}: bad date {first:?}"))?;
        for ((i, _), column) in self.columns.iter().zip(&mut self.rates) {
            let raw = field(*i).unwrap_or("");
            let value = match super::quick_decimal(raw.as_bytes()) {
                Some(d) => Some(d),
                None => {
                    let cell = raw.trim();
                    if cell.is_empty() || cell == "N/A" {
                        None
                    } else {
                        Some(Decimal::from_str(cell).map_err(|_| format!("line {line}: bad rate {cell:?}"))?)
                    }
                }
            };
            column.push(value);
        }
        self.days.push(date.first_day());
        Ok(())
    }

    fn finish(mut self) -> FxTable {
        if !self.days.is_sorted() {
            // A stable sort of the rows by day, applied to every column.
            let mut order: Vec<usize> = (0..self.days.len()).collect();
            order.sort_by_key(|&r| self.days[r]);
            self.days = order.iter().map(|&r| self.days[r]).collect();
            for column in &mut self.rates {
                *column = order.iter().map(|&r| column[r]).collect();
            }
        }
        let codes = self.columns.into_iter().map(|(_, c)| c).collect();
        FxTable { days: self.days, codes, rates: self.rates }
    }
}

impl FxTable {
    /// The embedded table (`data/ecb-rates.csv`, business days since 2010), parsed
    /// once on first use.
    pub fn builtin() -> &'static FxTable {
        static TABLE: OnceLock<FxTable> = OnceLock::new();
        TABLE.get_or_init(|| FxTable::parse(ECB_CSV).expect("data/ecb-rates.csv is valid"))
    }

    /// Parses the `data/ecb-rates.csv` layout: `date` then one column per currency
    /// (units per EUR), empty or `N/A` where there is no rate. Rows in any order.
    pub fn parse(text: &str) -> Result<FxTable, String> {
        let rows = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        // Without quotes, carriage returns or a byte-order mark, a record is a
        // non-empty line and its fields lie between commas, as the csv crate reads
        // them: the embedded table is split so, without the general reader. A
        // problem is reported by the general reader (its line numbers).
        if memchr::memchr2(b'"', b'\r', text.as_bytes()).is_none() && !text.starts_with('\u{feff}') {
            let mut lines = text.split('\n').filter(|l| !l.is_empty());
            let header = lines.next().map(|l| l.split(',')).into_iter().flatten();
            let mut table = TableBuilder::new(header, rows);
            let mut fields: Vec<&str> = Vec::new();
            let all_read = lines.all(|line| {
                fields.clear();
                let mut start = 0;
                for (k, &b) in line.as_bytes().iter().enumerate() {
                    if b == b',' {
                        fields.push(&line[start..k]);
                        start = k + 1;
                    }
                }
                fields.push(&line[start..]);
                table.row(0, |k| fields.get(k).copied()).is_ok()
            });
            if all_read {
                return Ok(table.finish());
            }
        }
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        let mut table = TableBuilder::new(reader.headers().map_err(|e| e.to_string())?.iter(), rows);
        let mut record = csv::ByteRecord::new();
        while reader.read_byte_record(&mut record).map_err(|e| e.to_string())? {
            let line = record.position().map_or(0, |p| p.line());
            // `text` is UTF-8 and fields split at ASCII bytes: every field is a str.
            table.row(line, |k| record.get(k).and_then(|f| std::str::from_utf8(f).ok()))?;
        }
        Ok(table.finish())
    }

    /// The currencies the table quotes (besides EUR).
    pub fn currencies(&self) -> impl Iterator<Item = &str> {
        self.codes.iter().map(String::as_str)
    }

    /// The first and last business day in the table.
    pub fn span(&self) -> Option<(PartialDate, PartialDate)> {
        Some((self.days.first()?.to_date(), self.days.last()?.to_date()))
    }

    /// Units of `code` per EUR on the business day at `index`.
    fn per_eur(&self, code: &str, index: usize) -> Option<Decimal> {
        if code == "EUR" {
            return Some(Decimal::ONE);
        }
        let column = self.codes.iter().position(|c| c == code)?;
        self.rates[column][index]
    }

    /// The cross rate on the business day at `index`: units of `to` per `from`.
    fn cross(&self, from: &str, to: &str, index: usize) -> Option<Decimal> {
        let from_per_eur = self.per_eur(from, index)?;
        let to_per_eur = self.per_eur(to, index)?;
        if from_per_eur.is_zero() {
            return None;
        }
        to_per_eur.checked_div(from_per_eur)
    }

    /// The rate of the latest business day at or before `day` (at most
    /// [`MAX_FX_LOOKBACK_DAYS`] earlier) on which both currencies are quoted. A day
    /// after the table's end counts as its last day.
    fn on_day(&self, from: &str, to: &str, day: Day) -> Option<FxRate> {
        let last = *self.days.last()?;
        let day = day.min(last);
        let end = self.days.partition_point(|d| *d <= day);
        for index in (0..end).rev() {
            if day.0 - self.days[index].0 > MAX_FX_LOOKBACK_DAYS {
                break;
            }
            if let Some(rate) = self.cross(from, to, index) {
                return Some(FxRate { rate, date: self.days[index].to_date() });
            }
        }
        None
    }

    /// How many units of `to` one unit of `from` buys (codes in upper case; EUR is
    /// the ECB's base and always known). The ECB quotes everything against EUR, so
    /// other pairs cross through it: `rate(X, Y) = (Y per EUR) / (X per EUR)`.
    ///
    /// - `on` at day precision: the rates of that day, or of the latest earlier
    ///   business day (at most [`MAX_FX_LOOKBACK_DAYS`] back); a day after the end of
    ///   the table uses its last day.
    /// - `on` a month, year or decade: the mean of the daily cross rates over the
    ///   business days of that period the table covers, dated with the period; a
    ///   period entirely after the table uses its last day.
    /// - `on` = `None`: the last day of the table.
    ///
    /// `None` when a currency is unknown, or not quoted at that time (before 2010,
    /// RUB after 2022-03-01). `from == to` is 1 on the day asked.
    pub fn rate(&self, from: &str, to: &str, on: Option<PartialDate>) -> Option<FxRate> {
        let known = |c: &str| c == "EUR" || self.codes.iter().any(|k| k == c);
        if !known(from) || !known(to) {
            return None;
        }
        let last = *self.days.last()?;
        if from == to {
            let date = on.unwrap_or_else(|| last.to_date());
            return Some(FxRate { rate: Decimal::ONE, date });
        }
        let Some(on) = on else {
            return self.on_day(from, to, last);
        };
        if on.precision == Precision::Day {
            return self.on_day(from, to, on.first_day());
        }
        let (first, end) = (on.first_day(), on.last_day());
        if first > last {
            return self.on_day(from, to, last);
        }
        let lo = self.days.partition_point(|d| *d < first);
        let hi = self.days.partition_point(|d| *d <= end);
        let mut sum = Decimal::ZERO;
        let mut count = 0u32;
        for index in lo..hi {
            if let Some(rate) = self.cross(from, to, index) {
                sum += rate;
                count += 1;
            }
        }
        (count > 0).then(|| FxRate { rate: sum / Decimal::from(count), date: on })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate_in_file(date: &str, code: &str) -> Decimal {
        let mut lines = ECB_CSV.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let column = header.iter().position(|c| *c == code).unwrap();
        let row = lines.find(|l| l.starts_with(date)).unwrap();
        Decimal::from_str(row.split(',').nth(column).unwrap()).unwrap()
    }

    fn day(text: &str) -> Option<PartialDate> {
        PartialDate::parse_iso(text)
    }

    #[test]
    fn usd_to_eur_is_the_inverse_of_the_ecb_rate() {
        let usd = rate_in_file("2022-02-24", "USD");
        assert_eq!(usd, Decimal::from_str("1.1163").unwrap(), "ECB file value changed?");
        let fx = FxTable::builtin().rate("USD", "EUR", day("2022-02-24")).unwrap();
        assert_eq!(fx.rate, Decimal::ONE / usd);
        assert_eq!(fx.date, day("2022-02-24").unwrap());
        let back = FxTable::builtin().rate("EUR", "USD", day("2022-02-24")).unwrap();
        assert_eq!(back.rate, usd);
    }

    #[test]
    fn weekend_uses_the_previous_business_day() {
        // 2022-02-26 was a Saturday; the Friday rate applies.
        let fx = FxTable::builtin().rate("EUR", "USD", day("2022-02-26")).unwrap();
        assert_eq!(fx.date, day("2022-02-25").unwrap());
        assert_eq!(fx.rate, rate_in_file("2022-02-25", "USD"));
    }

    #[test]
    fn cross_rates_go_through_the_euro() {
        let fx = FxTable::builtin().rate("GBP", "USD", day("2025-12-19")).unwrap();
        let expected = rate_in_file("2025-12-19", "USD") / rate_in_file("2025-12-19", "GBP");
        assert_eq!(fx.rate, expected);
        assert!(fx.rate > Decimal::ONE, "a pound buys more than a dollar: {}", fx.rate);
    }

    #[test]
    fn unquoted_and_unknown_currencies_have_no_rate() {
        let table = FxTable::builtin();
        assert!(table.rate("RUB", "EUR", day("2022-02-24")).is_some());
        assert!(table.rate("RUB", "EUR", day("2024-06-03")).is_none(), "ECB stopped RUB in 2022");
        assert!(table.rate("XYZ", "EUR", None).is_none());
        assert!(table.rate("USD", "EUR", day("2005-01-03")).is_none(), "table starts in 2010");
        let latest = table.rate("EUR", "USD", None).unwrap();
        assert_eq!(latest.date, table.span().unwrap().1);
    }

    #[test]
    fn a_year_gets_the_mean_rate() {
        let fx = FxTable::builtin().rate("EUR", "USD", day("2022")).unwrap();
        assert_eq!(fx.date, day("2022").unwrap());
        // The 2022 average was about 1.05 USD per EUR.
        assert!(fx.rate > Decimal::from_str("1.04").unwrap() && fx.rate < Decimal::from_str("1.06").unwrap());
    }

    /// Every cell of the embedded table as the csv crate's string records and
    /// `Decimal::from_str` read it (value and scale).
    #[test]
    fn every_rate_reads_as_from_str_reads_it() {
        let table = FxTable::builtin();
        let mut reader = csv::Reader::from_reader(ECB_CSV.as_bytes());
        let header = reader.headers().unwrap().clone();
        let mut rows = 0;
        for (r, record) in reader.records().enumerate() {
            let record = record.unwrap();
            assert_eq!(table.days[r], PartialDate::parse_iso(&record[0]).unwrap().first_day());
            for (c, code) in table.codes.iter().enumerate() {
                let i = header.iter().position(|h| h == code).unwrap();
                let cell = record[i].trim();
                let want = (!cell.is_empty() && cell != "N/A").then(|| Decimal::from_str(cell).unwrap());
                let got = table.rates[c][r];
                assert_eq!(got.map(|d| (d, d.scale())), want.map(|d| (d, d.scale())), "{code} line {}", r + 2);
            }
            rows += 1;
        }
        assert_eq!(rows, table.days.len());
    }

    #[test]
    fn rows_in_any_order_and_odd_cells() {
        let text = "date,USD,GBP,\n2020-01-03, 1.5 ,N/A,\r\n2020-01-01,1.25,,\n2020-01-02,1.2e0,0.9,\n";
        let table = FxTable::parse(text);
        let text_sorted = "date,USD,GBP\n2020-01-01,1.25,\n2020-01-02,1.2e0,0.9\n2020-01-03,1.5,N/A\n";
        match (table, FxTable::parse(text_sorted)) {
            (Ok(a), Ok(b)) => {
                assert_eq!((&a.days, &a.codes, &a.rates), (&b.days, &b.codes, &b.rates));
                assert_eq!(a.days.len(), 3);
                assert_eq!(a.rates[0][2], Some(Decimal::new(15, 1)));
            }
            (a, b) => assert_eq!(a.map(|_| ()), b.map(|_| ()), "both fail alike"),
        }
        assert_eq!(FxTable::parse("date,USD\n2020-01-01,x1\n").err(), Some("line 2: bad rate \"x1\"".to_string()));
        assert_eq!(FxTable::parse("date,USD\r\n2020-01-01,x1\r\n").err(), Some("line 1: bad rate \"x1\"".to_string()));
        // Line numbers are the csv reader's (it does not count the blank lines here).
        assert_eq!(
            FxTable::parse("date,USD\n\n2020-01-01,1\n\n2020-01-0x,1").err(),
            Some("line 4: bad date \"2020-01-0x\"".to_string())
        );
        assert_eq!(FxTable::parse("date,USD\n2020-01,1\n").err(), Some("line 2: bad date \"2020-01\"".to_string()));
    }

    /// The plain split and the csv reader read the same table.
    #[test]
    fn plain_lines_read_as_the_csv_reader_reads_them() {
        let plain = FxTable::builtin();
        let quoted = ECB_CSV.replacen("USD", "\"USD\"", 1);
        let general = FxTable::parse(&quoted).unwrap();
        assert_eq!((&plain.days, &plain.codes, &plain.rates), (&general.days, &general.codes, &general.rates));
        for text in ["", "\n\n", "date,USD", "date,USD,\n\n2020-01-01,1.5,\n2019-12-31,,x\n", "date,USD\n2020-01-01"] {
            let a = FxTable::parse(text).map(|t| (t.days, t.codes, t.rates));
            let b = FxTable::parse(&format!("\u{feff}{text}")).map(|t| (t.days, t.codes, t.rates));
            let b = b.map(|(d, mut c, r)| {
                if let Some(first) = c.first_mut() {
                    *first = first.trim_start_matches('\u{feff}').to_string();
                }
                (d, c, r)
            });
            if !text.starts_with("date") {
                assert_eq!(a, b, "{text:?}");
            } else {
                assert_eq!(a.map(|t| t.0), b.map(|t| t.0), "{text:?}");
            }
        }
    }

    #[test]
    fn currency_names() {
        assert_eq!(currency_name("EUR"), Some("Euro"));
        assert_eq!(currency_name("USD"), Some("US Dollar"));
        assert!(is_currency("UAH") && is_currency("HRK"));
        assert!(!is_currency("usd") && !is_currency("km2") && !is_currency("XYZ"));
    }
}
