"""Milestones as plain records (JSON-ready), and back."""

import json

import pandas as pd
import pytest

from clfj_data.records import from_records, to_records

pytestmark = pytest.mark.unit


def test_records_round_trip_the_shipped_milestones(shipped):
    records = to_records(shipped)
    pd.testing.assert_frame_equal(from_records(records), shipped.reset_index(drop=True))
    pd.testing.assert_frame_equal(
        from_records(json.loads(json.dumps(records))), shipped.reset_index(drop=True)
    )


def test_records_are_plain_json_with_iso_dates_and_state_lists(shipped, shipped_rows):
    records = {record["id"]: record for record in to_records(shipped)}
    assert set(records) == {row["id"] for row in shipped_rows}
    for row in shipped_rows:
        record = records[row["id"]]
        assert record["states"] == [s.strip() for s in row["states"].split(";") if s.strip()]
        assert pd.Timestamp(record["date"]).strftime("%b %Y") == row["date"]
        assert record["date"].endswith("-01") and len(record["date"]) == 10
        assert {k: record[k] for k in ("title", "description", "rationale", "place", "sector", "source")} == {
            k: row[k] for k in ("title", "description", "rationale", "place", "sector", "source")
        }
    assert json.loads(json.dumps(list(records.values()))) == list(records.values())
