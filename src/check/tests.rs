//! Verdict rules and diagnoses, each on a small text and reference.

use super::*;
use crate::claims::Binder;
use crate::document::{Document, Format};
use crate::rules::RuleSet;

const REFERENCE: &str = "subject,aliases,metric,value,unit,as_of,source,tolerance
Zaporizhzhia,Zaporizhia,population,710052,people,2022-01-01,State Statistics Service of Ukraine,
Zaporizhzhia,,population,722713,people,2021-01-01,State Statistics Service of Ukraine,
Ukraine,,loan,90000000000,EUR,2025-12-19,European Council,
Russia,Russian;Moscow,frozen_assets,210000000000,EUR,2025-12-01,European Commission,
Zaporizhzhia Nuclear Power Plant,Zaporizhzhia nuclear power plant,controlled_since,2022-03-04,date,,IAEA,
Springfield,,population,8540,people,2020,Census,
Shelbyville,,population,4333,people,2020,Census,
Ogdenville,,population,71400000,people,2020,Census,
Testland,,gdp,71400000,USD,2020,Statistics office,
";

fn check(text: &str) -> Vec<Checked> {
    let rules = RuleSet::builtin();
    let canon = |u: &str| rules.canonical_unit(u);
    let reference = Reference::from_csv("ref.csv", REFERENCE, Severity::Error, &canon).expect("valid reference");
    let doc = Document::parse("t.txt", text.to_string(), Format::Text);
    let date = PartialDate::ymd(2025, 12, 16);
    let claims = Binder::new(rules, &reference).claims(&doc, date);
    Checker::new(rules, &reference, FxTable::builtin()).check(&doc, claims)
}

fn verdict_of<'a>(results: &'a [Checked], text: &str, span: &str) -> &'a Checked {
    let start = text.find(span).expect("span in text");
    results.iter().find(|c| c.claim.start < start + span.len() && start < c.claim.end).unwrap_or_else(|| {
        panic!("no claim over {span:?}: {:?}", results.iter().map(|c| &c.message).collect::<Vec<_>>())
    })
}

/// Fails, listing every message, if any claim is an internal contradiction.
fn assert_no_internal(results: &[Checked], context: &str) {
    let messages: Vec<&String> = results.iter().map(|c| &c.message).collect();
    assert!(results.iter().all(|c| c.reason != Reason::Internal), "{context}: {messages:?}");
}

/// Checks that `span` is bound to `metric` (so the internal check looks at it)
/// and that nothing in `text` contradicts itself.
fn assert_two_facts(text: &str, span: &str, metric: &str) {
    let r = check(text);
    assert_eq!(verdict_of(&r, text, span).claim.metric.as_deref(), Some(metric), "{text}");
    assert_no_internal(&r, text);
}

#[test]
fn rounding_keeps_a_rounded_population_consistent() {
    let text = "Zaporizhzhia had a population of 710,000 in 2022.";
    let r = check(text);
    let c = verdict_of(&r, text, "710,000");
    assert_eq!((c.verdict, c.reason), (Verdict::Consistent, Reason::Match), "{}", c.message);
    assert_eq!(c.reference.as_ref().unwrap().value, "710052");
}

#[test]
fn magnitude_slip_by_ten_is_diagnosed() {
    let text = "Zaporizhzhia, which had a population of around 7.1 million before 2022, was shelled.";
    let r = check(text);
    let c = verdict_of(&r, text, "7.1 million");
    assert_eq!((c.verdict, c.reason), (Verdict::Inconsistent, Reason::Magnitude), "{}", c.message);
    assert!(c.message.contains("10 times larger"), "{}", c.message);
    assert!(c.message.contains("710,052"), "{}", c.message);
}

#[test]
fn million_written_for_billion_gets_a_fix() {
    let text = "The EU will provide Ukraine with a 90-million-euro loan.";
    let r = check(text);
    let c = verdict_of(&r, text, "90-million-euro");
    assert_eq!((c.verdict, c.reason), (Verdict::Inconsistent, Reason::Magnitude), "{}", c.message);
    assert!(c.message.contains("million written for billion?"), "{}", c.message);
    assert_eq!(c.fix.as_ref().unwrap().replacement, "90-billion-euro");
}

#[test]
fn another_currency_is_converted_at_the_claims_date_and_reported() {
    let text = "The value of frozen Russian assets is estimated at around 210 billion dollars.";
    let r = check(text);
    let c = verdict_of(&r, text, "210 billion dollars");
    assert_eq!((c.verdict, c.reason), (Verdict::Inconsistent, Reason::Currency), "{}", c.message);
    let (from, to, rate, _) = c.working.rate.clone().unwrap();
    assert_eq!((from.as_str(), to.as_str()), ("USD", "EUR"));
    assert!(rate < Decimal::ONE, "a dollar is worth less than a euro in 2025: {rate}");
}

#[test]
fn dates_compare_at_the_stated_precision() {
    let good = "Russia has controlled, since March 2022, the Zaporizhzhia nuclear power plant.";
    let c = verdict_of(&check(good), good, "March 2022").clone();
    assert_eq!(c.verdict, Verdict::Consistent, "{}", c.message);
    let bad = "Russia has controlled, since March 2021, the Zaporizhzhia nuclear power plant.";
    let c = verdict_of(&check(bad), bad, "March 2021").clone();
    assert_eq!((c.verdict, c.reason), (Verdict::Inconsistent, Reason::Date), "{}", c.message);
    assert!(c.message.contains("1 year earlier"), "{}", c.message);
}

#[test]
fn qualifiers_are_bounds() {
    let text = "Springfield has a population of more than 8,500.";
    assert_eq!(verdict_of(&check(text), text, "8,500").verdict, Verdict::Consistent);
    let text = "Springfield has a population of more than 8,600.";
    assert_eq!(verdict_of(&check(text), text, "8,600").verdict, Verdict::Inconsistent);
    let text = "Springfield has a population of at most 9,000.";
    assert_eq!(verdict_of(&check(text), text, "9,000").verdict, Verdict::Consistent);
    let text = "Springfield has a population of between 8,000 and 9,000.";
    assert_eq!(verdict_of(&check(text), text, "8,000").verdict, Verdict::Consistent);
}

#[test]
fn a_rounded_headline_figure_stays_consistent() {
    let text = "Testland's GDP was $71m in 2020.";
    let c = verdict_of(&check(text), text, "$71m").clone();
    assert_eq!(c.verdict, Verdict::Consistent, "{}", c.message);
}

#[test]
fn swapped_digits_are_a_transposition() {
    let text = "Shelbyville has a population of 3,433 people.";
    let c = verdict_of(&check(text), text, "3,433").clone();
    assert_eq!((c.verdict, c.reason), (Verdict::Inconsistent, Reason::Transposition), "{}", c.message);
}

#[test]
fn same_fact_twice_with_different_values_is_internal() {
    let text = "Air raids injure 32 in Zaporizhzhia.\n\nIn Zaporizhzhia, air raids injured 28 people.";
    let r = check(text);
    let c = verdict_of(&r, text, "28 people");
    assert_eq!((c.verdict, c.reason), (Verdict::Inconsistent, Reason::Internal), "{}", c.message);
    assert_eq!(c.related.len(), 1);
}

#[test]
fn a_value_that_changed_is_not_a_contradiction() {
    let text = "In Zaporizhzhia 3,890 people were injured. The number of injured in Zaporizhzhia rose from 3,890 to 4,333 people.";
    let r = check(text);
    assert_no_internal(&r, text);
    let old = verdict_of(&r, text, "from 3,890");
    assert_eq!(old.reason, Reason::OldValue);
}

#[test]
fn a_figure_and_its_move_are_not_a_contradiction() {
    // The control: a second rate for the same place, no move said, contradicts the first.
    let text = "Inflation in Testland was 4.7 pct. Inflation in Testland was 0.4 pct.";
    let r = check(text);
    assert_eq!(verdict_of(&r, text, "0.4 pct").reason, Reason::Internal);
    for moved in [", down", ", up", ", off", " and eased"] {
        let text = format!("Inflation in Testland was 4.7 pct. Inflation in Testland was 4.7 pct{moved} 0.4 pct.");
        assert_two_facts(&text, "0.4 pct", "inflation");
    }
}

#[test]
fn figures_for_different_times_are_not_a_contradiction() {
    let text = "Inflation in Testland was 3.2 pct in 2004. Inflation in Testland was 4.3 pct in 2005.";
    assert_two_facts(text, "4.3 pct", "inflation");
    // Times that overlap are one time: a year and a month in it.
    let text = "Inflation in Testland was 3.2 pct in 2004. Inflation in Testland was 4.3 pct in May 2004.";
    assert_eq!(verdict_of(&check(text), text, "4.3 pct").reason, Reason::Internal);
}

#[test]
fn two_values_in_one_sentence_are_two_facts() {
    // The control: the same two values in two sentences contradict each other.
    let text = "Air raids killed 12 people in Springfield. Air raids killed 40 people in Springfield.";
    assert_eq!(verdict_of(&check(text), text, "40 people").reason, Reason::Internal);
    // A comparison, a list, a second group: one sentence, two facts.
    assert_two_facts("Inflation in Testland was 6.5 pct against 3.8 pct a year before.", "3.8 pct", "inflation");
    assert_two_facts(
        "Air raids killed 12 people in Springfield, and a second raid killed 40 people.",
        "40 people",
        "killed",
    );
}

#[test]
fn a_figure_dated_to_another_year_is_not_the_current_one() {
    // "in 1985" in a story dated 2025: another year than the undated figure's.
    let text = "Inflation in Testland was 4.7 pct. Inflation in Testland had been 0.4 pct in 1985.";
    assert_two_facts(text, "0.4 pct", "inflation");
    // The nearest date is the figure's own: 3.3 pct is 2024's, not 2025's.
    let text = "Inflation in Testland was 3.3 pct in 2024. Inflation in Testland would be 2.5 pct in 2025 after 3.3 pct in 2024.";
    let r = check(text);
    let second = text.rfind("3.3 pct").expect("in the text");
    let c = r.iter().find(|c| c.claim.start == second).expect("a claim");
    assert_eq!(c.claim.time, Some(PartialDate::year(2024)), "{}", c.message);
    assert_no_internal(&r, text);
    // A day stated in one clause and a story's date are the same year: still one time.
    let text = "Air raids killed 12 people in Springfield on Monday. Air raids killed 40 people in Springfield.";
    assert_eq!(verdict_of(&check(text), text, "40 people").reason, Reason::Internal);
}

#[test]
fn a_decimal_point_does_not_end_the_sentence_that_says_a_move() {
    let text = "Inflation in Testland was 4.7 pct. Inflation in Testland was cut from 2.2 pct to 1.6 pct.";
    assert_two_facts(text, "1.6 pct", "inflation");
}

#[test]
fn a_share_of_gdp_is_not_growth() {
    let text = "Testland's economy grew 2 pct. Testland's deficit reached 3.5 pct of GDP.";
    let r = check(text);
    assert_eq!(verdict_of(&r, text, "3.5 pct").claim.metric.as_deref(), Some("gdp_share"));
    assert_no_internal(&r, text);
}

#[test]
fn several_loans_in_one_story_are_not_a_contradiction() {
    let text = "Testland signed a loan of 380 mln dlrs. Testland also signed a loan of 200 mln dlrs.";
    assert_two_facts(text, "200 mln dlrs", "loan");
    // A loan is still checked against the reference.
    let text = "The EU agreed a loan of 9 billion euros for Ukraine.";
    assert_eq!(verdict_of(&check(text), text, "9 billion euros").verdict, Verdict::Inconsistent);
}

#[test]
fn a_forecast_is_not_checked() {
    let text = "Economists had expected 2.7% inflation in Testland.";
    let c = verdict_of(&check(text), text, "2.7%").clone();
    assert_eq!((c.verdict, c.reason), (Verdict::Unverifiable, Reason::Forecast), "{}", c.message);
}

#[test]
fn the_size_of_a_change_is_not_checked_as_a_level() {
    // 43 million is far from Springfield's population; it is how much it grew.
    let text = "The population of Springfield rose by 43 million.";
    let c = verdict_of(&check(text), text, "43 million").clone();
    assert_eq!((c.verdict, c.reason), (Verdict::Unverifiable, Reason::Difference), "{}", c.message);
    assert!(c.message.contains("size of a change"), "{}", c.message);
    // The level it reached is checked.
    let text = "Springfield's population rose 4 pct to 43 million.";
    let c = verdict_of(&check(text), text, "43 million").clone();
    assert_eq!(c.verdict, Verdict::Inconsistent, "{}", c.message);
}

#[test]
fn parts_that_add_up_and_parts_that_do_not() {
    let text = "Three people were killed in Zaporizhzhia. The strike killed two crew members, while a civilian was also killed.";
    let c = verdict_of(&check(text), text, "Three people").clone();
    assert_eq!((c.verdict, c.reason), (Verdict::Consistent, Reason::PartsSum), "{}", c.message);
    let text =
        "Two people were killed in Zaporizhzhia. The strike killed two crew members, while a civilian was also killed.";
    let c = verdict_of(&check(text), text, "Two people").clone();
    assert_eq!((c.verdict, c.reason), (Verdict::Inconsistent, Reason::PartsSum), "{}", c.message);
}

#[test]
fn an_amount_of_a_term_and_a_rate_is_no_share() {
    // "X of Y Z%" where X is money and Y a duration: a loan's amount, term and rate.
    let text = "Testland issued 30 mln dlrs of 15-year two pct bonds.";
    let c = verdict_of(&check(text), text, "two pct").clone();
    assert_ne!(c.reason, Reason::PercentOf, "{}", c.message);
}

#[test]
fn earlier_values_are_not_parts() {
    // The control: parts that exceed their total.
    let text = "Two people were killed in Springfield. The raid killed three soldiers and two civilians.";
    assert_eq!(verdict_of(&check(text), text, "Two people").reason, Reason::PartsSum);
    let text = "Unemployment in Springfield rose to 650 from 631 and 593.";
    let r = check(text);
    assert_eq!(verdict_of(&r, text, "593").claim.metric.as_deref(), Some("unemployment"));
    let c = verdict_of(&r, text, "650");
    assert_ne!(c.reason, Reason::PartsSum, "{}", c.message);
}

#[test]
fn x_of_y_percent_is_recomputed() {
    let text = "Of the votes, 120 of 400 (30%) were valid, and 150 of 400 (30%) were late.";
    let r = check(text);
    let first = text.find("30%").unwrap();
    let second = text.rfind("30%").unwrap();
    let at = |s: usize| r.iter().find(|c| c.claim.start == s).unwrap();
    assert_eq!(at(first).verdict, Verdict::Consistent, "{}", at(first).message);
    assert_eq!((at(second).verdict, at(second).reason), (Verdict::Inconsistent, Reason::PercentOf));
}

#[test]
fn another_unit_of_the_same_dimension_is_converted() {
    let csv = "subject,aliases,metric,value,unit,as_of,source
Storm Ada,,wind_gust,52,kn,2025,Met office
";
    let rules = RuleSet::load(&[format!("{}/scripts/noaa/rules", env!("CARGO_MANIFEST_DIR"))], true).unwrap();
    let canon = |u: &str| rules.canonical_unit(u);
    let reference = Reference::from_csv("r.csv", csv, Severity::Error, &canon).unwrap();
    let run = |text: &str| {
        let doc = Document::parse("t.txt", text.to_string(), Format::Text);
        let claims = Binder::new(&rules, &reference).claims(&doc, None);
        Checker::new(&rules, &reference, FxTable::builtin()).check(&doc, claims)
    };
    // 60 mph is 52.1 knots.
    let r = run("Storm Ada brought a peak gust of 60 mph.");
    assert_eq!((r[0].verdict, r[0].reason), (Verdict::Consistent, Reason::Unit), "{}", r[0].message);
    // 52 mph is the reference's number in another unit.
    let r = run("Storm Ada brought a peak gust of 52 mph.");
    assert_eq!((r[0].verdict, r[0].reason), (Verdict::Inconsistent, Reason::Unit), "{}", r[0].message);
}

#[test]
fn a_dates_qualifier_bounds_the_reference_date() {
    let csv = "subject,aliases,metric,value,unit,as_of,source
Russian invasion of Ukraine,the invasion,start_date,2022-02-24,date,,Reported
";
    let rules = RuleSet::builtin();
    let reference = Reference::from_csv("r.csv", csv, Severity::Error, &|u: &str| rules.canonical_unit(u)).unwrap();
    let verdict = |text: &str| {
        let doc = Document::parse("t.txt", text.to_string(), Format::Text);
        let claims = Binder::new(rules, &reference).claims(&doc, None);
        let r = Checker::new(rules, &reference, FxTable::builtin()).check(&doc, claims);
        let c = r.iter().find(|c| c.claim.mention.kind == crate::extract::Kind::Date).expect("a date claim").clone();
        (c.verdict, c.message)
    };
    assert_eq!(verdict("The launch of the invasion came before March 2022.").0, Verdict::Consistent);
    assert_eq!(verdict("The launch of the invasion came before February 2022.").0, Verdict::Inconsistent);
    assert_eq!(verdict("The launch of the invasion came in February 2022.").0, Verdict::Consistent);
}
