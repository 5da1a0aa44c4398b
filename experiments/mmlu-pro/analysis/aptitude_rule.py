#!/usr/bin/env python3
"""How much of source_posterior's validation gain an accuracy table read from an aptitude test keeps (README, "The
question's source, predicted from its text"). Standard library only; reads the committed data; validation questions
only (it prints no test-split figure).

The rule is source_posterior's: a naive Bayes over words and word pairs of the question and its choices gives
P(source | text), and each model's score is its expected accuracy under that posterior. The prototype differs from the
platform's router in three ways: its classifier counts unseen words against every source (the platform's ignores
them), its overall accuracy has no Laplace smoothing, and a source's category is that of its last question in the
dataset (the platform takes the majority). The per-source accuracies come from --table:
  training         every training question's outcome (source_posterior's table),
  aptitude         the committed aptitude test's items (--aptitude),
  random-training  up to --items random training questions per source (a larger test drawn from them).
Each per-source accuracy is shrunk towards its category, which is shrunk towards overall, at each strength in
{1, 3, 10, 30, 100, 300, 1000}. It prints the best single model's and each strength's correct validation answers.

  python3 experiments/mmlu-pro/analysis/aptitude_rule.py --split id-seed2.json --table random-training --items 50
"""
import argparse
import collections
import gzip
import json
import math
import os
import random
import re
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data", "mmlu-pro")
STRENGTHS = [1, 3, 10, 30, 100, 300, 1000]


def load(split_name, zoo_manifest):
    models = json.load(open(os.path.join(DATA, "dataset.json")))["models"]
    questions = [json.loads(line) for line in gzip.open(os.path.join(DATA, "questions.jsonl.gz"))]
    raw = gzip.open(os.path.join(DATA, "outcomes.bin.gz")).read()
    if raw[:8] != b"MSATOUT1" or raw[16] != 0:
        raise SystemExit("outcomes.bin.gz: not a binary outcome matrix (expected magic MSATOUT1, score kind 0)")
    n_questions, n_models = struct.unpack("<II", raw[8:16])
    cells = n_questions * n_models
    outcomes = raw[20:20 + cells]
    observed = raw[20 + cells:20 + 2 * cells]
    manifest = json.load(open(zoo_manifest))
    named = {z["name"]: z["members"] for z in json.load(open(os.path.join(DATA, "zoos.json")))["zoos"]}
    named["all"] = models
    if "models" in manifest:
        zoo = manifest["models"]
    elif manifest.get("zoo") in named:
        zoo = named[manifest["zoo"]]
    else:
        got = manifest.get("zoo")
        raise SystemExit(f"{zoo_manifest}: no zoo (expected \"models\" or a zoo of zoos.json, got {got!r})")
    columns = [models.index(name) for name in zoo]
    unobserved = sum(1 for row in range(n_questions) for c in columns if not observed[row * n_models + c])
    if unobserved:
        raise SystemExit(f"{zoo_manifest}: the zoo has {unobserved} unobserved outcomes (expected every outcome known)")
    row_of = {q["id"]: i for i, q in enumerate(questions)}
    split = json.load(open(os.path.join(DATA, "splits", split_name)))
    train = [row_of[x] for x in split["train"]]
    val = [row_of[x] for x in split["val"]]

    def correct(row, model):
        return outcomes[row * n_models + columns[model]]

    return questions, zoo, row_of, train, val, correct


def features(question):
    words = re.findall(r"[a-z0-9]+", (question["text"] + " " + " ".join(question["choices"])).lower())
    return words + [a + "_" + b for a, b in zip(words, words[1:])]


def posterior_fn(questions, rows, feature_lists, alpha=0.1):
    counts = collections.defaultdict(collections.Counter)
    totals, prior = collections.Counter(), collections.Counter()
    for i in rows:
        source = questions[i]["source"]
        prior[source] += 1
        for f in feature_lists[i]:
            counts[source][f] += 1
            totals[source] += 1
    vocabulary = len(set(f for i in rows for f in feature_lists[i]))
    sources = sorted(prior)

    def posterior(i):
        logs = []
        for s in sources:
            denominator = math.log(totals[s] + alpha * vocabulary)
            likelihood = sum(math.log(counts[s][f] + alpha) - denominator for f in feature_lists[i])
            logs.append(math.log(prior[s]) + likelihood)
        top = max(logs)
        weights = [math.exp(value - top) for value in logs]
        total = sum(weights)
        return {s: w / total for s, w in zip(sources, weights) if w / total > 1e-4}

    return posterior


def shrunk_table(questions, items_by_source, correct, n_models, strength):
    """Per-source accuracy from items_by_source, shrunk to its category (from the same items) and then to overall."""
    category_of = {q["source"]: q["category"] for q in questions}
    all_items = [i for items in items_by_source.values() for i in items]
    overall = [sum(correct(i, m) for i in all_items) / len(all_items) for m in range(n_models)]
    by_category = collections.defaultdict(lambda: [0] * (n_models + 1))
    for i in all_items:
        row = by_category[questions[i]["category"]]
        row[n_models] += 1
        for m in range(n_models):
            row[m] += correct(i, m)
    table = {}
    for source, category in category_of.items():
        c = by_category.get(category)
        category_accuracy = ([(c[m] + strength * overall[m]) / (c[n_models] + strength) for m in range(n_models)]
                             if c else overall)
        items = items_by_source.get(source)
        if not items:
            table[source] = category_accuracy
            continue
        table[source] = [(sum(correct(i, m) for i in items) + strength * category_accuracy[m]) / (len(items) + strength)
                         for m in range(n_models)]
    return table


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", required=True, help="split file name in data/mmlu-pro/splits, e.g. id-seed2.json")
    parser.add_argument("--zoo", default=os.path.join(HERE, "..", "zoo-le9b.json"), help="manifest naming the zoo")
    parser.add_argument("--table", choices=["training", "aptitude", "random-training"], required=True)
    parser.add_argument("--aptitude", default=os.path.join(DATA, "aptitude", "aptitude-t50-s20.json"))
    parser.add_argument("--items", type=int, default=50, help="items per source for --table random-training")
    parser.add_argument("--seed", type=int, default=7, help="seed of the random-training draw")
    args = parser.parse_args()

    questions, zoo, row_of, train, val, correct = load(args.split, args.zoo)
    n_models = len(zoo)
    feature_lists = [features(q) for q in questions]
    posterior = posterior_fn(questions, train, feature_lists)
    val_posteriors = {i: posterior(i) for i in val}

    training_accuracy = [sum(correct(i, m) for i in train) / len(train) for m in range(n_models)]
    best_single = max(range(n_models), key=lambda m: training_accuracy[m])
    by_source = collections.defaultdict(list)
    for i in train:
        by_source[questions[i]["source"]].append(i)
    if args.table == "training":
        items_by_source = by_source
    elif args.table == "aptitude":
        items_by_source = {t["name"]: [row_of[x] for x in t["items"]] for t in json.load(open(args.aptitude))["tasks"]}
    else:
        rng = random.Random(args.seed)
        items_by_source = {s: rng.sample(rows, min(args.items, len(rows))) for s, rows in by_source.items()}

    table_name = args.table
    if args.table == "random-training":
        table_name += f" ({args.items} per source, seed {args.seed})"
    print(f"{args.split} table={table_name}: best single {zoo[best_single]}: "
          f"{sum(correct(i, best_single) for i in val)} of {len(val)} validation questions")
    for strength in STRENGTHS:
        table = shrunk_table(questions, items_by_source, correct, n_models, strength)
        right = 0
        for i in val:
            scores = [0.0] * n_models
            for source, weight in val_posteriors[i].items():
                for m in range(n_models):
                    scores[m] += weight * table[source][m]
            right += correct(i, max(range(n_models), key=lambda m: scores[m]))
        print(f"  strength {strength:>4}: {right}")


if __name__ == "__main__":
    main()
