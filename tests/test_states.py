import pytest

from clfj_data.states import ALL_STATES, StateError, parse_states

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rajasthan", ("Rajasthan",)),
        ("rajasthan", ("Rajasthan",)),
        ("Rajasthan; Bihar", ("Rajasthan", "Bihar")),
        ("Rajasthan, Bihar", ("Rajasthan", "Bihar")),
        ("Rajasthan/Bihar", ("Rajasthan", "Bihar")),
        ("Rajasthan & Bihar", ("Rajasthan", "Bihar")),
        ("Rajasthan and Bihar", ("Rajasthan", "Bihar")),
        ("Bihar; bihar", ("Bihar",)),
        ("Jammu and Kashmir", ("Jammu and Kashmir",)),
        ("Jammu & Kashmir; Ladakh", ("Jammu and Kashmir", "Ladakh")),
        ("Andaman & Nicobar Islands", ("Andaman and Nicobar Islands",)),
        (
            "Dadra and Nagar Haveli and Daman and Diu and Goa",
            ("Dadra and Nagar Haveli and Daman and Diu", "Goa"),
        ),
        ("Orissa", ("Odisha",)),
        ("Pondicherry", ("Puducherry",)),
        ("Uttaranchal", ("Uttarakhand",)),
        ("NCT of Delhi", ("Delhi",)),
        ("Tamilnadu", ("Tamil Nadu",)),
        ("Andhra Pradesh and Arunachal Pradesh", ("Andhra Pradesh", "Arunachal Pradesh")),
    ],
)
def test_states_are_split_and_named_canonically(text, expected):
    assert parse_states(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Rajastan", "Did you mean Rajasthan?"),
        ("Bihar; Rajastan", "Did you mean Rajasthan?"),
        ("Chattisgarh", "Did you mean Chhattisgarh?"),
        ("Jaipur", "write Rajasthan in states and Jaipur in place"),
        ("Atlantis", "'Atlantis' is not a state or union territory of India."),
    ],
)
def test_unknown_state_suggests_closest(text, message):
    with pytest.raises(StateError) as caught:
        parse_states(text)
    assert message in str(caught.value)


def test_every_state_and_union_territory_is_known():
    assert len(ALL_STATES) == 36  # 28 states and 8 union territories
    for name in ALL_STATES:
        assert parse_states(name.upper()) == (name,)
