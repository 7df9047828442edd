use claimcheck::extract::{Extractor, Scratch};
use claimcheck::rules::RuleSet;
fn main() {
    let text = std::fs::read_to_string("/tmp/reuters.txt").unwrap();
    let docs: Vec<&str> = text.split("\n\n").collect();
    let ex = Extractor::new(RuleSet::builtin());
    let mut s = Scratch::default();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let mut n = 0;
        for d in &docs {
            n += ex.extract_with(d, None, &mut s).len();
        }
        let e = t.elapsed().as_secs_f64();
        println!("{} mentions, {:.2}s, {:.1} MB/s", n, e, text.len() as f64 / e / 1e6);
    }
}
