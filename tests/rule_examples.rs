//! Every example in the default rule files must hold.

use claimcheck::examples::run_examples;
use claimcheck::reference::Reference;
use claimcheck::rules::RuleSet;

#[test]
fn every_default_rule_example_holds() {
    let rules = RuleSet::builtin();
    let reference = Reference::builtin(&|u: &str| rules.canonical_unit(u));
    let (count, failures) = run_examples(rules, Some(&reference));
    assert!(count >= 20, "only {count} examples ran");
    let report: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(failures.is_empty(), "{} failing rule examples:\n{}", failures.len(), report.join("\n"));
}
