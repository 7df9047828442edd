#!/usr/bin/env python3
"""Regenerates the default reference data shipped in data/ (python3 stdlib only).

Usage: python3 data/build.py [SOURCE_DIR] [--min-population N] [--fx-since YYYY-MM-DD]

SOURCE_DIR holds the draft reference CSVs (cities.csv, countries.csv,
currencies.csv, ecb-eurofxref-hist.csv); default ../shared/reference relative to
the repository root. Output goes next to this script:

- places.csv      countries (population, area) and cities (population), in the
                  user-facing reference format plus the columns country, kind, note
- currencies.csv  ISO 4217 code,name
- ecb-rates.csv   ECB euro reference rates since --fx-since, currencies quoted in
                  that window only, empty field where the ECB published no rate

The output is deterministic: same input, same bytes.
"""

import argparse
import collections
import csv
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
PLACE_SOURCE = "GeoNames, undated (CC BY 4.0)"
UA_NOTE = "figure predates the 2022 wartime displacement"


def latin_only(text):
    """Letters must be Latin script; digits, spaces and name punctuation allowed."""
    for ch in text:
        if ch.isascii():
            if ch.isalnum() or ch in " -.'()":
                continue
            return False
        if ch == "\u2019":
            continue
        if ch.isalpha() and "LATIN" in unicodedata.name(ch, ""):
            continue
        if unicodedata.category(ch) == "Mn":  # combining accents on Latin letters
            continue
        return False
    return True


# The states of the United States: a city elsewhere known in some language as
# "Florida" (Floridablanca, Colombia) or "Georgia" is, in English prose, the
# state. Their names are dropped from foreign cities' aliases.
US_STATES = {
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
    "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky",
    "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi",
    "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico",
    "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
    "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont",
    "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
}


def keep_alias(alias, is_country):
    alias = alias.strip()
    if not alias or not latin_only(alias):
        return False
    if "," in alias:  # inverted ISO forms ("Korea, Republic of") never occur in prose
        return False
    if len(alias) < 4:
        # Short forms are kept only as all-caps country abbreviations (UK, USA, UAE).
        return is_country and alias.isupper() and alias.isalpha()
    if not alias[0].isupper():  # lower-case starts would also match running text
        return False
    # City aliases: English text writes foreign cities in ASCII ("Zaporozhye", "Kiev")
    # or by their primary name (kept whatever its letters); accented variants of
    # aliases cost automaton size for little gain.
    return is_country or alias.isascii()


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def build_places(src, min_population):
    countries = collections.OrderedDict()
    with open(os.path.join(src, "countries.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            c = countries.setdefault(
                r["entity_id"],
                {"name": r["entity"], "code": r["country"], "aliases": [], "metrics": {}},
            )
            for a in r["aliases"].split("|"):
                if a not in c["aliases"]:
                    c["aliases"].append(a)
            c["metrics"][r["metric"]] = r["value"]

    # Demonyms name their country in news text ("frozen Russian assets"): our own
    # short list in data/demonyms.csv, added as aliases.
    with open(os.path.join(HERE, "demonyms.csv"), encoding="utf-8", newline="") as f:
        demonyms = {r["country"]: r["demonyms"].split(";") for r in csv.DictReader(f)}
    for c in countries.values():
        for d in demonyms.get(c["code"], []):
            if d not in c["aliases"]:
                c["aliases"].append(d)

    cities = []
    with open(os.path.join(src, "cities.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if int(r["value"]) >= min_population:
                cities.append(r)
    # Most populous first, ties by id, so naming below is deterministic.
    cities.sort(key=lambda r: (-int(r["value"]), r["entity_id"]))

    country_surfaces = set()
    for c in countries.values():
        country_surfaces.add(c["name"])
        country_surfaces.update(a for a in c["aliases"] if a)

    # Unique subject keys: countries keep their name; the most populous city of a
    # name keeps it unless a country has it; others get ", CC" (then ", admin1",
    # then the GeoNames id).
    taken = set(c["name"] for c in countries.values())
    same_country = collections.Counter((r["entity"], r["country"]) for r in cities)
    city_keys = []
    for r in cities:
        key = r["entity"]
        by_country = f"{key}, {r['country']}"
        for candidate in (
            key,
            by_country if same_country[(key, r["country"])] == 1 else None,
            f"{key}, {r['country']}, {r['admin1']}",
            f"{key}, {r['entity_id']}",
        ):
            if candidate is not None and candidate not in taken:
                key = candidate
                break
        taken.add(key)
        city_keys.append(key)

    rows = []
    for c in sorted(countries.values(), key=lambda c: c["name"]):
        aliases = [a.strip() for a in c["aliases"] if keep_alias(a, True) and a.strip() != c["name"]]
        first = True
        for metric, unit, out_metric in (("population", "people", "population"), ("area_km2", "km2", "area")):
            if metric not in c["metrics"]:
                continue
            rows.append([
                c["name"], ";".join(aliases) if first else "", out_metric, c["metrics"][metric],
                unit, "", PLACE_SOURCE, c["code"], "country", "",
            ])
            first = False

    for r, key in zip(cities, city_keys):
        aliases = []
        if key != r["entity"]:
            aliases.append(r["entity"])  # "London, CA" still matches "London"
        for a in r["aliases"].split("|"):
            a = a.strip()
            if not keep_alias(a, False) or a == key or a in aliases:
                continue
            if a in country_surfaces:  # "Mexico" in prose is the country
                continue
            if a in US_STATES and r["country"] != "US":  # "Florida" in prose is the state
                continue
            aliases.append(a)
        rows.append([
            key, ";".join(aliases), "population", r["value"], "people", "", PLACE_SOURCE,
            r["country"], "city", UA_NOTE if r["country"] == "UA" else "",
        ])

    header = ["subject", "aliases", "metric", "value", "unit", "as_of", "source", "country", "kind", "note"]
    write_csv(os.path.join(HERE, "places.csv"), header, rows)
    return len(countries), len(cities)


def build_currencies(src):
    rows = []
    with open(os.path.join(src, "currencies.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            rows.append([r["code"], r["name"]])
    rows.sort()
    write_csv(os.path.join(HERE, "currencies.csv"), ["code", "name"], rows)
    return len(rows)


def build_fx(src, since):
    with open(os.path.join(src, "ecb-eurofxref-hist.csv"), encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = [h for h in next(reader)]
        days = []
        for row in reader:
            if not row or row[0] < since:
                continue
            days.append(row)
    days.sort(key=lambda row: row[0])
    keep = []
    for i, code in enumerate(header):
        if i == 0 or not code:
            continue
        if any(i < len(row) and row[i] not in ("", "N/A") for row in days):
            keep.append(i)

    def cell(row, i):
        v = row[i] if i < len(row) else ""
        return "" if v == "N/A" else v

    out = [[row[0]] + [cell(row, i) for i in keep] for row in days]
    write_csv(os.path.join(HERE, "ecb-rates.csv"), ["date"] + [header[i] for i in keep], out)
    return len(out), [header[i] for i in keep]


def main():
    root = os.path.dirname(HERE)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=os.path.join(root, "..", "shared", "reference"))
    parser.add_argument("--min-population", type=int, default=100_000)
    parser.add_argument("--fx-since", default="2010-01-01")
    args = parser.parse_args()
    n_countries, n_cities = build_places(args.source, args.min_population)
    n_currencies = build_currencies(args.source)
    n_days, fx_codes = build_fx(args.source, args.fx_since)
    print(
        f"places.csv: {n_countries} countries, {n_cities} cities (population >= {args.min_population}); "
        f"currencies.csv: {n_currencies}; ecb-rates.csv: {n_days} days, {len(fx_codes)} currencies",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
