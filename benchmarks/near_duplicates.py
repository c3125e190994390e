"""How well, and how fast, new milestones that nearly repeat published ones are found.

    python benchmarks/near_duplicates.py

Edits of each shipped milestone, as staff make them (a few words of the title or description
reworded, a sentence added or cut, the date moved), must match the milestone they were made
from; unrelated milestones (the other shipped ones, and generated ones made of the same words)
must match nothing. For each scorer and threshold this prints precision (of the matches made,
the share that are right) and recall (of the edits, the share found), then the time to check
100 new milestones against 10,000 published ones. difflib is timed on a slice and scaled up,
as the whole would take minutes.
"""

from __future__ import annotations

import csv
import difflib
import random
import statistics
import sys
import time
from pathlib import Path

import pandas as pd
from generate import write_milestones

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clfj_data import load_milestones  # noqa: E402
from clfj_data.similar import near_duplicates  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
# Words staff swap when they reword: each for a near synonym.
SYNONYMS = {
    "children": "kids", "children's": "child", "courts": "judges", "court": "judicial", "take": "record",
    "track": "monitor", "tracking": "monitoring", "progress": "results", "digital": "online",
    "starts": "begins", "comprehensive": "full", "rescued": "freed", "first": "initial",
    "registered": "set up", "system": "tool", "set": "put", "schools": "every school", "must": "have to",
    "display": "show", "names": "list", "give": "provide", "returning": "going", "lead": "run",
    "wide": "large", "every": "each", "have": "get", "individual": "personal", "plan": "programme",
    "now": "today", "using": "relying on", "directive": "order", "ensure": "make sure",
    "handed": "given", "since": "from", "levels": "rates", "areas": "districts", "community": "local",
}  # fmt: skip
ADDED_SENTENCE = " This was confirmed in the latest programme review."


def reword(text: str, count: int, rng: random.Random) -> str:
    words = text.split()
    swappable = [i for i, w in enumerate(words) if w.lower().strip(",.") in SYNONYMS]
    for i in rng.sample(swappable, min(count, len(swappable))):
        bare = words[i].lower().strip(",.")
        words[i] = words[i].lower().replace(bare, SYNONYMS[bare])
    return " ".join(words)


def edits(milestone: dict, rng: random.Random) -> dict[str, dict]:
    """Each kind of edit of one milestone, as the row a new file would hold (with a new id)."""
    title, description = milestone["title"], milestone["description"]
    words = description.split()
    shortened = " ".join(words[: len(words) * 3 // 4]).rstrip(",.") + "."
    moved = {"Mar": "Apr", "Feb": "Jan", "Jan": "Feb", "Dec": "Nov", "Nov": "Oct", "Sep": "Aug"}
    month, year = milestone["date"].split()
    made = {
        "title reworded": {"title": reword(title, 2, rng)},
        "description reworded": {"description": reword(description, 3, rng)},
        "both reworded": {"title": reword(title, 2, rng), "description": reword(description, 3, rng)},
        "both reworded more": {"title": reword(title, 4, rng), "description": reword(description, 6, rng)},
        "date moved": {"date": f"{moved.get(month, 'Jun')} {year}"},
        "date moved, title reworded": {
            "date": f"{moved.get(month, 'Jun')} {year}",
            "title": reword(title, 2, rng),
        },
        "sentence added": {"description": description + ADDED_SENTENCE},
        "description cut by a quarter": {"description": shortened},
    }
    return {kind: {**milestone, **change, "id": f"new-{kind.replace(' ', '-')}-{milestone['id']}"}
            for kind, change in made.items()}  # fmt: skip


def frame_of(rows: list[dict], header: list[str]):
    path = OUT / "near-duplicates.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(rows)
    result = load_milestones(path)
    assert result.ok, result.errors[:3]
    return result.milestones


def main() -> int:
    rng = random.Random(0)
    shipped_path = ROOT / "data" / "milestones.csv"
    with shipped_path.open(encoding="utf-8", newline="") as handle:
        shipped = list(csv.DictReader(handle))
    header = list(shipped[0])
    generated_path = write_milestones(OUT / "milestones-10000.csv", 10_000)
    with generated_path.open(encoding="utf-8", newline="") as handle:
        generated = list(csv.DictReader(handle))
    old = frame_of(shipped + generated[: 10_000 - len(shipped)], header)

    edited, seen = [], set()
    for milestone in shipped:
        for kind, row in edits(milestone, rng).items():
            if (row["date"], row["description"]) not in seen:  # two edits can come out the same
                seen.add((row["date"], row["description"]))
                edited.append((milestone["id"], kind, row))
    unrelated = [{**m, "id": f"unrelated-{i}"} for i, m in enumerate(
        write_milestones_rows(OUT / "unrelated.csv", 40, seed=1))]  # fmt: skip
    new_rows = [row for _, _, row in edited] + unrelated
    new = frame_of(new_rows, header)
    expected = {row["id"]: source for source, _, row in edited}
    kinds = {row["id"]: kind for _, kind, row in edited}

    print(f"{len(edited)} edits of the {len(shipped)} shipped milestones, {len(unrelated)} unrelated "
          f"new ones, against {len(old):,} published.\n")  # fmt: skip
    print(
        f"{'scorer (all pairs, 1,000 published)':<36} {'threshold':>9} {'precision':>9} {'recall':>7}  missed"
    )
    from rapidfuzz import fuzz

    shipped_ids = {m["id"] for m in shipped}
    small = pd.concat([old[old["id"].isin(shipped_ids)], old[~old["id"].isin(shipped_ids)].head(990)])
    for name, scorer in (("rapidfuzz token_set_ratio", fuzz.token_set_ratio),
                         ("rapidfuzz token_sort_ratio", fuzz.token_sort_ratio),
                         ("rapidfuzz ratio", fuzz.ratio), ("difflib ratio", None)):  # fmt: skip
        scores = score_matrix(new, small, scorer)
        for threshold in (60, 70, 75, 80, 85, 90):
            report(name, threshold, best_of(new, small, scores, threshold), expected, kinds)
    print()
    for threshold in (70, 75, 80):
        # Each new milestone's id in place of its row, to tell the warnings apart.
        warnings = near_duplicates(
            new, old, threshold=threshold, rows=dict(zip(new["id"], new["id"], strict=True))
        )
        found = {w.row: w.message.split("'")[1] for w in warnings}  # the id the message names first
        report(f"near_duplicates, {len(old):,} published", threshold, found, expected, kinds)

    added = new.head(100)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        near_duplicates(added, old)
        times.append(time.perf_counter() - started)
    print(f"\nnear_duplicates, 100 new x {len(old):,} published: median {statistics.median(times):.3f} s "
          f"({len(times)} runs)")  # fmt: skip
    texts_old = (old["title"] + " " + old["description"]).str.lower().tolist()
    texts_new = (added["title"] + " " + added["description"]).str.lower().tolist()
    started = time.perf_counter()
    for text in texts_new[:2]:
        matcher = difflib.SequenceMatcher(None, text)
        for other in texts_old:
            matcher.set_seq1(other)
            if matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75:
                matcher.ratio()
    per_new = (time.perf_counter() - started) / 2
    print(f"difflib SequenceMatcher (with its quick-ratio filters), scaled from 2 new: "
          f"{per_new * 100:.1f} s for 100 new")  # fmt: skip
    return 0


def write_milestones_rows(path: Path, n: int, seed: int) -> list[dict]:
    write_milestones(path, n, seed=seed)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def score_matrix(new, old, scorer):
    """Every new milestone's score against every published one (0-100), by one scorer."""
    from rapidfuzz import process, utils

    old_texts = [utils.default_process(t) for t in (old["title"] + " " + old["description"])]
    new_texts = [utils.default_process(t) for t in (new["title"] + " " + new["description"])]
    if scorer is not None:
        return process.cdist(new_texts, old_texts, scorer=scorer, workers=-1)
    rows = []
    for text in new_texts:
        matcher = difflib.SequenceMatcher(None, b=text, autojunk=False)
        row = []
        for other in old_texts:
            matcher.set_seq1(other)
            row.append(100 * matcher.ratio() if matcher.real_quick_ratio() >= 0.5 else 0)
        rows.append(row)
    return rows


def best_of(new, old, scores, threshold: float) -> dict[str, str]:
    """The published id each new milestone matches best, where that score reaches ``threshold``."""
    found = {}
    for position, milestone_id in enumerate(new["id"]):
        row = list(scores[position])
        best = max(range(len(row)), key=row.__getitem__)
        if row[best] >= threshold:
            found[milestone_id] = old["id"].iloc[best]
    return found


def report(name: str, threshold: float, found: dict, expected: dict, kinds: dict) -> None:
    right = sum(1 for new_id, old_id in found.items() if expected.get(new_id) == old_id)
    precision = right / len(found) if found else 1.0
    recall = right / len(expected)
    missed = sorted({kinds[i] for i in expected if found.get(i) != expected[i]})
    print(f"{name:<36} {threshold:>9} {precision:>9.2f} {recall:>7.2f}  {', '.join(missed) or '-'}")


if __name__ == "__main__":
    raise SystemExit(main())
