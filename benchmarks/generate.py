"""Write a realistic milestone CSV of any size, for benchmarks.

    python benchmarks/generate.py 100000 -o benchmarks/out/milestones-100k.csv

Rows imitate data/milestones.csv: slug ids, dates in the forms people write, prose built
from the words of the real milestones (with commas, so many cells are quoted), Indian
states, sectors and the programme's source link. Output is deterministic for a seed, and
every file passes ``python -m clfj_data check`` once ``CLFJ_MAX_UPLOAD_MB`` and
``CLFJ_MAX_ROWS`` are raised above its size.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from pathlib import Path

HEADER = ("id", "date", "title", "description", "rationale", "states", "place", "sector", "source")
SOURCE = "https://www.clfjaipur.org/results/"
SECTORS = ("Justice", "Child protection", "Care and health", "Education", "Livelihoods", "Community")
STATES = (
    "Rajasthan", "Bihar", "Uttar Pradesh", "Jharkhand", "West Bengal", "Madhya Pradesh",
    "Maharashtra", "Delhi", "Odisha", "Assam", "Tamil Nadu", "Karnataka", "Jammu and Kashmir",
)  # fmt: skip
STATE_WEIGHTS = (30, 20, 6, 5, 4, 4, 3, 3, 2, 2, 1, 1, 1)
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
WORDS = """
    Bihar Jaipur Rajasthan India Supreme Court High Judiciary Dept. Child Rights Protection
    Committees School Management Committee Producer Company Curriculum 11 2019
    a about accountable accurate act affecting against also an and are areas at authorities
    balance be before being benchmarks better by can care chain chances changes checks child
    children children’s clear code committees communities community comprehensive conclusions
    contributes conviction convictions counseling court courts creates customized dashboard
    deterrence digital directive directs display distances documentation documents down during
    education ensure essential ever every exploitative first for foundation frameworks from
    future generation generations get give government-mandated handed has have having health
    helped high home homes improve impunity in including increases individual influence is
    issued it know labour labourers lays lead led less levels likely long long-term longer
    making members middlemen mindset minor more multiple must names need needed negotiating no
    now of on order ordered out overall own parents participatory penal plan planning points
    power progress protected protection provide provision quality reach recovery registered
    reintegration relying requiring rescue rescued resist return returning risk rolled run
    scale school schools see series set shelter shelters shifts should since starting starts
    state statewide strengthens successful supply support system take testify testimony that
    the their them there they to track tracked tracking trafficker traffickers trafficking
    travel trial up using videoconference videoconferencing village vital voice volunteers
    vulnerable well well-publicised where whole will with without women women-owned working
"""
VOCABULARY = WORDS.split()
LONGEST_WORD = max(map(len, VOCABULARY))


def write_milestones(path: str | Path, n: int, seed: int = 0) -> Path:
    """Write ``n`` milestone rows to ``path`` (CSV, UTF-8) and return the path.

    Ids and descriptions never repeat, so neither does any (date, description) pair.
    """
    rng = random.Random(seed)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ids: set[str] = set()
    descriptions: set[str] = set()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        while len(descriptions) < n:
            description = _prose(rng, 100, 300)
            if description in descriptions:
                continue
            descriptions.add(description)
            title = _prose(rng, 30, 80, stop="").replace(",", "")
            writer.writerow(
                (
                    _unique_id(title, ids),
                    _date(rng),
                    title,
                    description,
                    _prose(rng, 80, 200),
                    _states(rng),
                    "Jaipur" if rng.random() < 0.3 else "",
                    rng.choice(SECTORS),
                    SOURCE,
                )
            )
    return path


def _date(rng: random.Random) -> str:
    year, month, day = rng.randint(2012, 2024), rng.randint(1, 12), rng.randint(1, 28)
    name = MONTHS[month - 1]
    form = rng.choices(range(7), weights=(40, 15, 3, 15, 10, 10, 7))[0]
    return (
        f"{name[:3]} {year}",
        f"{name} {year}",
        f"{'Sept' if month == 9 else name[:3]} {year}",
        f"{year}-{month:02d}",
        f"{year}-{month:02d}-{day:02d}",
        f"{day} {name} {year}",
        f"{year}",
    )[form]


def _prose(rng: random.Random, shortest: int, longest: int, stop: str = ".") -> str:
    """Words of the real milestones, shortest..longest characters long, with a comma or two."""
    words = rng.choices(VOCABULARY, k=longest // 2)
    for i in rng.sample(range(2, len(words) // 3), rng.choice((0, 1, 1, 2))):
        words[i] += ","
    target = rng.randint(shortest + LONGEST_WORD + 2, longest - len(stop))
    text = " ".join(words)
    text = text[: text.rfind(" ", 0, target + 1)].rstrip(",")
    return text[0].upper() + text[1:] + stop


def _unique_id(title: str, taken: set[str]) -> str:
    base = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:5])[:72].rstrip("-")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def published_database(folder: Path, size: int, url: str | None = None) -> str:
    """A database (``url``, or a new SQLite file in ``folder``) whose current version holds
    ``size`` milestones: the shipped ten for 10 (an empty database imports them as version 1),
    else a table written by :func:`write_milestones` and published through the store. Its URL."""
    from clfj_data import store  # here: writing a CSV needs no database layer
    from clfj_data.auth import Staff

    url = url or f"sqlite:///{folder / f'clfj-{size}.sqlite3'}"
    engine = store.connect(url)
    try:
        store.ensure_ready(engine)
        if size == 10:
            info = store.current_version(engine)
        else:
            csv = write_milestones(folder / f"milestones-{size}.csv", size)
            note = f"{size} milestones for the benchmark"
            by = Staff("Benchmark", "password")
            info = store.publish_version(engine, csv.read_bytes(), csv.name, by=by, note=note)
    finally:
        engine.dispose()
    if info.milestones != size:
        raise SystemExit(f"the benchmark's database holds {info.milestones} milestones, not {size}")
    return url


def _states(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.2:
        return ""
    first, second = rng.choices(STATES, weights=STATE_WEIGHTS, k=2)
    return f"{first}; {second}" if roll > 0.85 and first != second else first


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a realistic milestone CSV.")
    parser.add_argument("rows", type=int, help="number of milestones")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(write_milestones(args.output, args.rows, args.seed))


if __name__ == "__main__":
    main()
