//! Runs the examples every rule file carries, the way Duckling runs its corpus:
//! `cargo test` runs the default files' examples, `claimcheck rules test DIR` a
//! newsroom's own.

use rust_decimal::Decimal;

use crate::claims::Binder;
use crate::extract::{Extractor, Mention, Value};
use crate::reference::Reference;
use crate::rules::{Expectation, RuleSet};

/// One example that did not come out as its file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule file.
    pub path: String,
    /// The line of the `[[example]]`.
    pub line: usize,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

/// Runs every example of `rules`; returns the number run and the failures.
/// With a reference, mentions are bound to metrics and subjects so that examples
/// naming them are checked too (a subject matches by name or alias).
pub fn run_examples(rules: &RuleSet, reference: Option<&Reference>) -> (usize, Vec<ExampleFailure>) {
    let extractor = Extractor::new(rules);
    let mut failures = Vec::new();
    for ex in &rules.examples {
        let mentions = extractor.extract(&ex.text, ex.date);
        let bound: Option<Vec<Bound>> = reference.map(|r| {
            let claims = Binder::new(rules, r).bind_text(&ex.text, &mentions, ex.date);
            claims
                .iter()
                .map(|c| {
                    let span = ex.text.get(c.mention.start..c.mention.end).unwrap_or("");
                    let wanted = ex.expect.iter().find(|e| e.span == span).and_then(|e| e.subject.clone());
                    let subject = c.subject.map(|s| {
                        let subj = &r.subjects[s];
                        match wanted {
                            Some(w) if subj.name == w || subj.aliases.contains(&w) => w,
                            _ => subj.name.clone(),
                        }
                    });
                    Bound { metric: c.metric.clone(), subject, framing: c.framing.name() }
                })
                .collect()
        });
        let fail = |message: String| ExampleFailure { path: ex.path.clone(), line: ex.line, message };
        let text_of = |m: &Mention| ex.text.get(m.start..m.end).unwrap_or("").to_string();
        let mut used = vec![false; mentions.len()];
        for exp in &ex.expect {
            let found = mentions.iter().position(|m| text_of(m) == exp.span);
            let Some(idx) = found else {
                let got: Vec<String> = mentions.iter().map(|m| format!("{:?}", text_of(m))).collect();
                failures.push(fail(format!(
                    "in {:?}: expected a mention {:?}, found [{}]",
                    ex.text,
                    exp.span,
                    got.join(", ")
                )));
                continue;
            };
            used[idx] = true;
            let m = &mentions[idx];
            let binding = bound.as_ref().and_then(|b| b.get(idx)).cloned();
            for problem in disagreements(exp, m, binding) {
                failures.push(fail(format!("{:?}: {problem}", exp.span)));
            }
        }
        if ex.exhaustive {
            for (m, used) in mentions.iter().zip(&used) {
                if !used {
                    failures.push(fail(format!(
                        "in {:?}: unexpected mention {:?} ({} {})",
                        ex.text,
                        text_of(m),
                        m.kind.name(),
                        m.value.to_output().unwrap_or_default()
                    )));
                }
            }
        }
    }
    (rules.examples.len(), failures)
}

/// What binding made of a mention, for the examples that name it.
#[derive(Clone)]
struct Bound {
    metric: Option<String>,
    subject: Option<String>,
    framing: &'static str,
}

fn disagreements(exp: &Expectation, m: &Mention, bound: Option<Bound>) -> Vec<String> {
    let mut out = Vec::new();
    let mut compare = |field: &str, want: &Option<String>, got: Option<String>, numeric: bool| {
        let Some(want) = want else { return };
        let same = match (&got, numeric) {
            (Some(g), true) => match (want.parse::<Decimal>(), g.parse::<Decimal>()) {
                (Ok(a), Ok(b)) => a == b,
                _ => g == want,
            },
            (Some(g), false) => g == want,
            (None, _) => want.is_empty(),
        };
        if !same {
            out.push(format!("{field}: want {want:?}, got {}", got.map_or("null".to_string(), |g| format!("{g:?}"))));
        }
    };
    compare("kind", &exp.kind, Some(m.kind.name().to_string()), false);
    let value = match m.value {
        Value::UnresolvedDate => None,
        v => v.to_output(),
    };
    compare("value", &exp.value, value, true);
    compare("unit", &exp.unit, m.unit.clone(), false);
    compare("qualifier", &exp.qualifier, Some(m.qualifier.name().to_string()), false);
    compare("low", &exp.low, m.low.map(|d| d.normalize().to_string()), true);
    compare("high", &exp.high, m.high.map(|d| d.normalize().to_string()), true);
    if let Some(b) = bound {
        compare("metric", &exp.metric, b.metric, false);
        compare("subject", &exp.subject, b.subject, false);
        compare("framing", &exp.framing, Some(b.framing.to_string()), false);
    }
    out
}
