//! The library side of CI: suppressions matched to checked claims, unused ones
//! found, and the default tolerance a config can set.

use claimcheck::check::{Checked, Checker, Verdict};
use claimcheck::claims::Binder;
use claimcheck::date::PartialDate;
use claimcheck::diff::ChangedLines;
use claimcheck::document::{Document, Format};
use claimcheck::reference::{FxTable, Reference, Severity};
use claimcheck::rules::RuleSet;
use claimcheck::select::{SelectLayer, Selection, Selector};
use claimcheck::suppress::{self, Status};
use rust_decimal::Decimal;

const FACTS: &str = "subject,aliases,metric,value,unit,as_of,source\n\
                     Zaporizhzhia,,population,710052,people,2022-01-01,State Statistics Service\n";

fn check(source: &str, tolerance: Option<Decimal>) -> (Document, Vec<Checked>) {
    let rules = RuleSet::builtin();
    let reference = Reference::from_csv("facts.csv", FACTS, Severity::Error, &|u| rules.canonical_unit(u)).unwrap();
    let doc = Document::parse("t.md", source.to_string(), Format::Markdown);
    let claims = Binder::new(rules, &reference).claims(&doc, PartialDate::parse_iso("2022-06-01"));
    let mut checker = Checker::new(rules, &reference, FxTable::builtin());
    if let Some(t) = tolerance {
        checker = checker.with_default_tolerance(t);
    }
    let checked = checker.check(&doc, claims);
    (doc, checked)
}

fn population(checked: &[Checked]) -> &Checked {
    checked.iter().find(|c| c.claim.metric.as_deref() == Some("population")).expect("a population claim")
}

#[test]
fn default_tolerance_can_be_set() {
    let text = "Zaporizhzhia had a population of around 740,000.\n";
    let (_, checked) = check(text, None);
    assert_eq!(population(&checked).verdict, Verdict::Consistent, "{}", population(&checked).message);
    let (_, checked) = check(text, Some(Decimal::new(2, 2)));
    assert_eq!(population(&checked).verdict, Verdict::Inconsistent, "{}", population(&checked).message);
}

const WRONG: &str = "Zaporizhzhia had a population of 7.1 million.\n";

#[test]
fn next_line_suppression_is_used_and_others_are_not() {
    let text = format!(
        "<!-- claimcheck-disable-next-line CC101 -- old figure -->\n{WRONG}\n\
         <!-- claimcheck-disable-next-line CC104 -->\n{WRONG}\n<!-- claimcheck-disable magnitude -->\n{WRONG}"
    );
    let (doc, checked) = check(&text, None);
    assert_eq!(doc.suppressions.len(), 3);
    let selection = Selection::default();
    let s = suppress::apply(&doc, &checked, &selection);
    let pops: Vec<usize> = checked
        .iter()
        .enumerate()
        .filter(|(_, c)| c.claim.metric.as_deref() == Some("population"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(pops.len(), 3);
    // The first claim is covered by its next-line comment, the second by nothing
    // (its comment names another code), the third by the open block, by name.
    assert_eq!(s.by[pops[0]], Some(0));
    assert_eq!(s.by[pops[1]], None);
    assert_eq!(s.by[pops[2]], Some(2));
    assert_eq!(s.unused.len(), 1);
    assert_eq!(s.unused[0].line, 4);

    let t = suppress::triage(&doc, &checked, &selection, None);
    assert_eq!(t.status[pops[0]], Status::Suppressed(0));
    assert_eq!(t.status[pops[1]], Status::Reported);
    assert_eq!(t.unused.len(), 1);
    assert!(t.fails(&checked, |sev| sev <= Severity::Error));

    // Changed lines restrict findings and unused comments alike.
    let t = suppress::triage(&doc, &checked, &selection, Some(&ChangedLines::Ranges(vec![(1, 2)])));
    assert_eq!(t.status[pops[1]], Status::Unchanged);
    assert!(t.unused.is_empty());
    assert!(!t.fails(&checked, |_| true));
}

#[test]
fn unselected_findings_are_not_suppressed_and_cc901_can_be_ignored() {
    let text = format!("<!-- claimcheck-disable-next-line -->\n{WRONG}");
    let (doc, checked) = check(&text, None);
    let mut selection = Selection::default();
    // A bare comment covers every code.
    assert!(suppress::apply(&doc, &checked, &selection).unused.is_empty());
    // With CC101 not selected there is nothing to suppress: the comment is unused,
    // but not reported when CC901 is ignored too.
    selection.apply(&SelectLayer {
        ignore: vec![Selector::parse("CC1").unwrap(), Selector::parse("CC201").unwrap()],
        ..Default::default()
    });
    assert_eq!(suppress::apply(&doc, &checked, &selection).unused.len(), 1);
    let p = checked.iter().position(|c| c.claim.metric.as_deref() == Some("population")).unwrap();
    let t = suppress::triage(&doc, &checked, &selection, None);
    assert_eq!(t.status[p], Status::Unselected);
    assert_eq!(t.unused.len(), 1);
    selection
        .apply(&SelectLayer { ignore: vec![Selector::parse("unused-suppression").unwrap()], ..Default::default() });
    assert!(suppress::triage(&doc, &checked, &selection, None).unused.is_empty());
}
