//! CSV: the record's fields flattened, with a header row once.

use std::io::{self, Write};

use super::Record;

/// A claim's fields, in the order every claim format writes them.
pub(super) const CLAIM_FIELDS: &[&str] = &[
    "path",
    "line",
    "column",
    "start",
    "end",
    "text",
    "kind",
    "value",
    "unit",
    "qualifier",
    "low",
    "high",
    "metric",
    "subject",
    "rule",
];
const CHECK_FIELDS: &[&str] = &[
    "verdict",
    "reason",
    "code",
    "severity",
    "message",
    "reference_subject",
    "reference_value",
    "reference_unit",
    "reference_as_of",
    "reference_source",
    "reference_file",
    "reference_line",
];

/// Writes records as CSV, the header before the first record.
pub(super) struct CsvWriter {
    header_written: bool,
}

impl CsvWriter {
    pub(super) fn new() -> CsvWriter {
        CsvWriter { header_written: false }
    }

    /// Writes the header before the first record of the run: when `any` records
    /// follow, with the check's columns when they are checked.
    pub(super) fn header(&mut self, out: &mut dyn Write, any: bool, with_check: bool) -> io::Result<()> {
        if self.header_written || !any {
            return Ok(());
        }
        let mut header: Vec<&str> = CLAIM_FIELDS.to_vec();
        if with_check {
            header.extend(CHECK_FIELDS);
        }
        let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(out);
        w.write_record(&header)?;
        w.flush()?;
        self.header_written = true;
        Ok(())
    }
}

/// Writes one row per record, without a header.
pub(super) fn write_rows(out: &mut dyn Write, records: &[Record]) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(out);
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    for r in records {
        let mut row = vec![
            r.path.clone(),
            r.line.to_string(),
            r.column.to_string(),
            r.start.to_string(),
            r.end.to_string(),
            r.text.clone(),
            r.kind.to_string(),
            opt(&r.value),
            opt(&r.unit),
            r.qualifier.to_string(),
            opt(&r.low),
            opt(&r.high),
            opt(&r.metric),
            opt(&r.subject),
            r.rule.clone(),
        ];
        if let Some(c) = &r.check {
            let reference = c.reference.as_ref();
            row.extend([
                c.verdict.to_string(),
                c.reason.to_string(),
                c.code.unwrap_or("").to_string(),
                c.severity.to_string(),
                c.message.clone(),
                reference.map(|x| x.subject.clone()).unwrap_or_default(),
                reference.map(|x| x.value.clone()).unwrap_or_default(),
                reference.map(|x| x.unit.clone()).unwrap_or_default(),
                reference.and_then(|x| x.as_of.clone()).unwrap_or_default(),
                reference.map(|x| x.source.clone()).unwrap_or_default(),
                reference.map(|x| x.file.clone()).unwrap_or_default(),
                reference.map(|x| x.line.to_string()).unwrap_or_default(),
            ]);
        }
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}
