"""Arrow arrays made from Python values equal those pyarrow makes itself."""

import datetime as dt

import pyarrow as pa
import pytest

from clfj_data import arrow

pytestmark = pytest.mark.unit

CASES = [
    (["Jaipur", "", None, "café – “quoted”", "जयपुर"], pa.string()),
    ([dt.date(2019, 2, 1), None, dt.date(1970, 1, 1), dt.date(1900, 1, 1)], pa.date32()),
    ([True, False, None, True], pa.bool_()),
    ([0, 7, None, 2**31 - 1], pa.int32()),
    ([0, 2**40, None], pa.int64()),
    ([("Rajasthan", "Bihar"), (), ("Delhi",), ()], pa.list_(pa.string())),
    ([], pa.string()),
    ([], pa.list_(pa.string())),
]


@pytest.mark.parametrize(("values", "type"), CASES)
def test_an_array_holds_the_values_it_was_made_from(values, type):
    made = arrow.array(values, type)
    assert made.type == type
    assert made.equals(pa.array([list(v) if isinstance(v, tuple) else v for v in values], type))
    made.validate(full=True)


def test_a_scalar_and_a_filled_array_hold_their_value():
    assert arrow.scalar(5000, pa.int32()).as_py() == 5000
    assert arrow.filled("", 3).to_pylist() == ["", "", ""]
    assert arrow.filled("ab", 2).to_pylist() == ["ab", "ab"]
    arrow.filled("x", 0).validate(full=True)
