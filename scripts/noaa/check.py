#!/usr/bin/env python3
"""Real-data check: NOAA storm narratives against their own structured columns.

    python3 scripts/noaa/check.py [--corpus ../shared/corpus/noaa-storm-events-2019q1/events.jsonl]
                                  [--bin target/release/claimcheck] [--samples 12]

Each event with a narrative becomes a Markdown document whose title names a
unique subject ("Storm report Bcdfg") and whose front-matter date is the event's
begin date. A reference CSV is built from the structured columns of the same
events: injuries (direct + indirect) as `injured`, deaths as `killed`, property
plus crop damage in USD as `damage`, wind magnitude in knots as `wind_gust`, hail
size in inches as `hail_size`. claimcheck then checks every narrative with the
default rules plus scripts/noaa/rules/ (which adds the two storm metrics), and
this script counts verdicts per metric and prints a sample of inconsistencies to
read by hand. Nothing from the corpus is written into the repository: the
documents and the reference go to a temporary directory.
"""
import argparse
import collections
import csv
import json
import os
import random
import string
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def subject_name(event_id):
    """A subject name without digits (digits would be extracted as numbers)."""
    n = int(event_id)
    letters = []
    while n:
        n, r = divmod(n, 26)
        letters.append(string.ascii_lowercase[r])
    return "Storm report " + "".join(letters).capitalize()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "noaa-storm-events-2019q1", "events.jsonl"))
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "claimcheck"))
    ap.add_argument("--samples", type=int, default=12)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--metric", action="append", help="sample inconsistencies of these metrics only")
    a = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="claimcheck-noaa-")
    docs = []
    rows = []
    narratives = {}
    for line in open(a.corpus, encoding="utf-8"):
        e = json.loads(line)
        text = (e.get("text") or "").strip()
        if not text:
            continue
        eid = e["id"].rsplit("-", 1)[-1]
        name = subject_name(eid)
        date = (e.get("date") or "")[:10]
        source = f"NOAA NCEI Storm Events, event {eid}"
        rows.append([name, "", "injured", e["injuries_direct"] + e["injuries_indirect"], "people", date, source, ""])
        rows.append([name, "", "killed", e["deaths_direct"] + e["deaths_indirect"], "people", date, source, ""])
        damage = [v for v in (e.get("damage_property_usd"), e.get("damage_crops_usd")) if v is not None]
        if damage:
            # NOAA rounds damage to three significant figures ("804.00K" for
            # $804,387): at most 0.5% off the amount a narrative may state exactly.
            rows.append([name, "", "damage", sum(damage), "USD", date, source, "0.5%"])
        if e.get("magnitude") is not None:
            if e.get("magnitude_type") in ("EG", "MG", "ES", "MS"):
                rows.append([name, "", "wind_gust", e["magnitude"], "kn", date, source, ""])
            elif e.get("event_type") == "Hail":
                rows.append([name, "", "hail_size", e["magnitude"], "in", date, source, ""])
        path = os.path.join(tmp, f"{eid}.md")
        body = "\n\n".join(p.strip() for p in text.split("||") if p.strip())
        with open(path, "w", encoding="utf-8") as f:
            f.write(f'---\ntitle: "{name}"\ndate: {date}\n---\n\n{body}\n')
        docs.append(path)
        narratives[path] = body
    ref = os.path.join(tmp, "reference.csv")
    with open(ref, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["subject", "aliases", "metric", "value", "unit", "as_of", "source", "tolerance"])
        w.writerows(rows)

    counts = collections.defaultdict(collections.Counter)
    reasons = collections.Counter()
    inconsistent = []
    for i in range(0, len(docs), 400):
        chunk = docs[i:i + 400]
        proc = subprocess.run(
            [a.bin, "check", "--reference", ref, "--rules", os.path.join(HERE, "rules"), "--format", "jsonl", *chunk],
            capture_output=True, text=True)
        if proc.returncode not in (0, 1):
            sys.exit(f"claimcheck failed ({proc.returncode}): {proc.stderr[:2000]}")
        for line in proc.stdout.splitlines():
            r = json.loads(line)
            metric = r.get("metric")
            if metric not in ("injured", "killed", "damage", "wind_gust", "hail_size"):
                continue
            counts[metric][r["verdict"]] += 1
            if r["verdict"] == "inconsistent":
                reasons[r["reason"]] += 1
                inconsistent.append(r)
    print(f"{len(docs)} narratives, {len(rows)} reference rows\n")
    print("| metric | consistent | inconsistent | unverifiable | agreement (of checked) |")
    print("|---|---:|---:|---:|---:|")
    total = collections.Counter()
    for metric in ("injured", "killed", "damage", "wind_gust", "hail_size"):
        c = counts[metric]
        total.update(c)
        checked = c["consistent"] + c["inconsistent"]
        share = f"{100 * c['consistent'] / checked:.1f}%" if checked else "-"
        print(f"| {metric} | {c['consistent']} | {c['inconsistent']} | {c['unverifiable']} | {share} |")
    checked = total["consistent"] + total["inconsistent"]
    print(f"| all | {total['consistent']} | {total['inconsistent']} | {total['unverifiable']} | "
          f"{100 * total['consistent'] / max(checked, 1):.1f}% |")
    print("\ninconsistent by reason: " + ", ".join(f"{k} {v}" for k, v in reasons.most_common()))
    random.seed(a.seed)
    print("\nA sample of inconsistencies to read:\n")
    pool = [r for r in inconsistent if not a.metric or r["metric"] in a.metric]
    for r in random.sample(pool, min(a.samples, len(pool))):
        body = narratives.get(r["path"], "")
        lo = max(0, body.find(r["text"]) - 120)
        print(f"- [{r['metric']}] {r['message']}\n  …{body[lo:lo + 300].replace(chr(10), ' ')}…\n")


if __name__ == "__main__":
    main()
