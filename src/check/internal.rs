//! Checks a document against itself: one fact stated twice with incompatible
//! values, parts that exceed their stated total, "X of Y (Z%)" recomputed.

use rust_decimal::Decimal;

use super::{Checked, Reason, Verdict, format_number, label};
use crate::claims::{Framing, TimeSource};
use crate::document::Document;
use crate::extract::{Kind, Qualifier};
use crate::reference::Severity;
use crate::rules::RuleSet;
use crate::tokenize::tokenize;

/// The interval of true values a claim allows, for comparing two claims;
/// `tolerance` is the checker's default band for approximate values.
fn bounds(c: &Checked, tolerance: Decimal) -> Option<(Decimal, Decimal)> {
    let m = &c.claim.mention;
    let v = m.number()?;
    let half = m.step / Decimal::TWO;
    let big = Decimal::MAX / Decimal::TEN;
    Some(match m.qualifier {
        Qualifier::Exact => (v - half, v + half),
        Qualifier::Approx => {
            let band = (v * tolerance).abs().max(half);
            (v - band, v + band)
        }
        Qualifier::AtLeast | Qualifier::MoreThan => (v, big),
        Qualifier::AtMost | Qualifier::LessThan => (-big, v),
        Qualifier::Range => (m.low.unwrap_or(v) - half, m.high.unwrap_or(v) + half),
    })
}

/// Whether two claims speak of different times: each dated in its own clause,
/// to times that do not meet ("3.2% in 2004", "4.3% in 2005"); or one dated in
/// its clause to years the other's time (its own, or the document's) is not in
/// ("shrank 1.8 pct in 1985" in a story of 1987 that says "will grow six pct").
/// Days are not enough when only one is dated in its clause: a story reports
/// Tuesday's events on Wednesday.
fn different_times(a: &Checked, b: &Checked) -> bool {
    let (Some(ta), Some(tb)) = (a.claim.time, b.claim.time) else { return false };
    let years = |t: crate::date::PartialDate| match t.precision {
        crate::date::Precision::Decade => (t.year, t.year + 9),
        _ => (t.year, t.year),
    };
    match (a.claim.time_source, b.claim.time_source) {
        (TimeSource::Claim, TimeSource::Claim) => ta.last_day() < tb.first_day() || tb.last_day() < ta.first_day(),
        (TimeSource::Claim, _) | (_, TimeSource::Claim) => {
            let ((a0, a1), (b0, b1)) = (years(ta), years(tb));
            a1 < b0 || b1 < a0
        }
        _ => false,
    }
}

fn line_of(doc: &Document, offset: usize) -> usize {
    doc.line_col(offset).0
}

/// Whether the text around a claim says its value changed ("rose", "revised").
fn says_change(rules: &RuleSet, doc: &Document, c: &Checked) -> bool {
    let block = &doc.blocks[c.claim.block].text;
    // The words of the claim's sentence, up to the claim.
    let upto = c.claim.mention.start.min(block.len());
    // A sentence ends at a stop before a space: the point of "2.2%" does not.
    let bytes = block.as_bytes();
    let from = block[..upto]
        .match_indices(['.', '!', '?'])
        .rev()
        .find(|&(i, _)| bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace))
        .map_or(0, |(i, _)| i + 1);
    let window = &block[from..upto];
    let tokens: Vec<String> = tokenize(window).iter().map(|t| t.text(window).to_lowercase()).collect();
    rules.binding.change_words.iter().any(|p| tokens.windows(p.len()).any(|w| w == p.as_slice()))
}

pub(super) fn check_document(rules: &RuleSet, doc: &Document, out: &mut [Checked], tolerance: Decimal) {
    contradictions(rules, doc, out, tolerance);
    parts_sum(doc, out);
    percent_of(doc, out);
}

fn contradictions(rules: &RuleSet, doc: &Document, out: &mut [Checked], tolerance: Decimal) {
    for j in 0..out.len() {
        let (metric, subject) = match (&out[j].claim.metric, out[j].claim.subject) {
            (Some(m), Some(s)) => (m.clone(), s),
            _ => continue,
        };
        let consistent_within = rules.metric(&metric).is_some_and(|r| r.consistent_within_document);
        let framed = |c: &Checked| c.claim.framing != Framing::default();
        if !consistent_within || framed(&out[j]) || out[j].verdict == Verdict::Inconsistent {
            continue;
        }
        let Some((lo_j, hi_j)) = bounds(&out[j], tolerance) else { continue };
        for i in 0..j {
            let a = &out[i];
            if a.claim.metric.as_deref() != Some(metric.as_str()) || a.claim.subject != Some(subject) || framed(a) {
                continue;
            }
            // Two values in one sentence are two facts, not one stated twice: a
            // list ("losses of 3.2, 3.5 and 1.8 mln dlrs, respectively"), a
            // comparison ("6.5 pct against 3.8 pct"), or different people
            // ("killed 384 Libyans and captured 48"). A document contradicts itself
            // across sentences: the lead says one thing, a later paragraph another.
            if a.claim.block == out[j].claim.block && a.claim.sentence == out[j].claim.sentence {
                continue;
            }
            if different_times(a, &out[j]) {
                continue;
            }
            let units_ok = match (&a.claim.mention.unit, &out[j].claim.mention.unit) {
                (Some(x), Some(y)) => x == y,
                _ => a.claim.mention.kind == out[j].claim.mention.kind,
            };
            let Some((lo_i, hi_i)) = bounds(a, tolerance) else { continue };
            if !units_ok || (lo_i <= hi_j && lo_j <= hi_i) {
                continue;
            }
            if says_change(rules, doc, &out[j]) || says_change(rules, doc, a) {
                continue;
            }
            let first_text = doc.source.get(a.claim.start..a.claim.end).unwrap_or("").to_string();
            let here = doc.source.get(out[j].claim.start..out[j].claim.end).unwrap_or("").to_string();
            let line = line_of(doc, a.claim.start);
            let subject_name = out[j].subject.clone().unwrap_or_default();
            let related = (a.claim.start, a.claim.end);
            let b = &mut out[j];
            b.verdict = Verdict::Inconsistent;
            b.reason = Reason::Internal;
            b.severity = Severity::Error;
            b.message = format!(
                "{} of {subject_name} stated as \"{here}\" here but as \"{first_text}\" on line {line}: the document contradicts itself",
                label(&metric)
            );
            b.related.push(related);
            break;
        }
    }
}

fn parts_sum(doc: &Document, out: &mut [Checked]) {
    for t in 0..out.len() {
        let total = &out[t];
        let (Some(metric), Some(value)) = (total.claim.metric.clone(), total.claim.mention.number()) else { continue };
        if total.claim.mention.kind != Kind::Count || total.claim.mention.qualifier != Qualifier::Exact {
            continue;
        }
        let block = total.claim.block;
        let sentence = total.claim.sentence;
        let unit = &total.claim.mention.unit;
        let parts: Vec<usize> = (t + 1..out.len())
            .take_while(|&k| out[k].claim.block == block && out[k].claim.sentence <= sentence + 1)
            .filter(|&k| {
                out[k].claim.metric.as_deref() == Some(metric.as_str())
                    && out[k].claim.mention.kind == Kind::Count
                    && out[k].claim.mention.qualifier == Qualifier::Exact
                    && (unit.is_none() || out[k].claim.mention.unit == *unit)
            })
            .collect();
        // "rose to 650,700 from 631,900 in February and 593,200 a year earlier":
        // earlier values of the total, not its parts.
        if parts.len() < 2 || parts.iter().any(|&k| out[k].claim.framing.old_value) {
            continue;
        }
        let sum: Decimal = parts.iter().filter_map(|&k| out[k].claim.mention.number()).sum();
        let related: Vec<(usize, usize)> = parts.iter().map(|&k| (out[k].claim.start, out[k].claim.end)).collect();
        let stated = doc.source.get(out[t].claim.start..out[t].claim.end).unwrap_or("").to_string();
        let c = &mut out[t];
        if sum > value {
            c.verdict = Verdict::Inconsistent;
            c.reason = Reason::PartsSum;
            c.severity = Severity::Error;
            c.message = format!(
                "{} stated as \"{stated}\", but the parts that follow add up to {}",
                label(&metric),
                format_number(sum)
            );
            c.related = related;
        } else if sum == value && c.verdict == Verdict::Unverifiable {
            c.verdict = Verdict::Consistent;
            c.reason = Reason::PartsSum;
            c.message = format!("{} stated as \"{stated}\"; the parts that follow add up to it", label(&metric));
            c.related = related;
        }
    }
}

fn percent_of(doc: &Document, out: &mut [Checked]) {
    for p in 2..out.len() {
        let pc = &out[p];
        if pc.claim.mention.kind != Kind::Percent || pc.claim.mention.unit.as_deref() != Some("%") {
            continue;
        }
        let (x, y) = (&out[p - 2], &out[p - 1]);
        if x.claim.block != pc.claim.block || y.claim.block != pc.claim.block {
            continue;
        }
        // A part and its whole are of one kind and unit: "30 mln dlrs of 15-year
        // two pct debentures" is no "X of Y (Z%)".
        let (xm, ym) = (&x.claim.mention, &y.claim.mention);
        if xm.kind != ym.kind
            || !matches!(xm.kind, Kind::Count | Kind::Money | Kind::Quantity)
            || (xm.unit.is_some() && ym.unit.is_some() && xm.unit != ym.unit)
        {
            continue;
        }
        let between = |a: usize, b: usize| doc.source.get(a..b).unwrap_or("").trim().to_lowercase();
        let of = between(x.claim.end, y.claim.start);
        let gap = between(y.claim.end, pc.claim.start);
        if !(of == "of" || of == "out of")
            || !(gap.is_empty() || ["(", ",", ", or", "or", "—", "-", "–"].contains(&gap.as_str()))
        {
            continue;
        }
        let (Some(xv), Some(yv), Some(pv)) =
            (x.claim.mention.number(), y.claim.mention.number(), pc.claim.mention.number())
        else {
            continue;
        };
        if yv.is_zero() {
            continue;
        }
        let computed = xv / yv * Decimal::ONE_HUNDRED;
        let half = pc.claim.mention.step / Decimal::TWO;
        let related = vec![(x.claim.start, x.claim.end), (y.claim.start, y.claim.end)];
        let shown = computed.round_dp(2).normalize();
        let c = &mut out[p];
        if (computed - pv).abs() <= half {
            if c.verdict == Verdict::Unverifiable {
                c.verdict = Verdict::Consistent;
                c.reason = Reason::PercentOf;
                c.message = format!("{} of {} is {shown}%: consistent", format_number(xv), format_number(yv));
                c.related = related;
            }
        } else {
            c.verdict = Verdict::Inconsistent;
            c.reason = Reason::PercentOf;
            c.severity = Severity::Error;
            c.message = format!("{} of {} is {shown}%, not {}%", format_number(xv), format_number(yv), pv.normalize());
            c.related = related;
        }
    }
}
