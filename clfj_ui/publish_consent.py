"""What staff say yes to before a file is published: the ticks that widen who sees a milestone,
that add new sectors and states, and that say the headlines made from descriptions were read.
Each asks again for a new file."""

import streamlit as st

from clfj_data import review
from clfj_data.markup import escape_markdown
from clfj_ui import language
from clfj_ui.language import _, ngettext


def agreed(checked: review.Checked, made: review.Preview) -> bool:
    """Whether staff said yes to all that publishing ``made`` widens: who sees a milestone (asked
    first), and the names every page's filters offer; and that they read the headlines the file
    did not have, made from descriptions. Each question is drawn, agreed or not."""
    public = not made.made_public or agreed_to_make_public(checked, made)
    names = not made.new_names or agreed_to_new_names(checked, made)
    headlines = not checked.result.made_titles or checked_made_headlines(checked)
    return public and names and headlines


def agreed_to_make_public(checked: review.Checked, made: review.Preview) -> bool:
    """Whether staff said yes to making public the staff-only milestones the sheet would make
    public (by saying so, or by having no visibility column), once told which."""
    st.warning(
        escape_markdown(
            review.made_public_warning(
                checked.name,
                made.made_public,
                checked.base,
                language.current(),
                column="visibility" in checked.result.columns,
            )
        ),
        icon=":material/visibility:",
    )
    return st.checkbox(
        ngettext(
            "Publish it as public: everyone will see it",
            "Publish these {count} as public: everyone will see them",
            len(made.made_public),
        ).format(count=len(made.made_public)),
        key=f"data_make_public_{checked.digest[:16]}",  # a new file asks again
    )


def agreed_to_new_names(checked: review.Checked, made: review.Preview) -> bool:
    """Whether staff said yes to the sectors and states no published milestone has (a typo
    makes one as surely as new work does), once told which and on which rows."""
    lang = language.current()
    lines = "\n".join(f"- {escape_markdown(review.new_name_line(new, lang))}" for new in made.new_names)
    st.warning(
        _("Publishing adds these to every page's filters and counts: check their spelling.") + "\n\n" + lines,
        icon=":material/new_label:",
    )
    return st.checkbox(
        _("Publish these new sectors and states: they are spelt as meant"),
        key=f"data_new_names_{checked.digest[:16]}",  # a new file asks again
    )


def checked_made_headlines(checked: review.Checked) -> bool:
    """Whether staff say they read the headlines made from descriptions (where the file has none),
    each shown with its row: a made headline is published only once someone has read it."""
    for notice in review.made_title_notices(checked.result):
        st.warning(escape_markdown(notice.text(language.current())), icon=":material/title:")
    count = len(checked.result.made_titles)
    return st.checkbox(
        ngettext(
            "I have checked the headline made from its description",
            "I have checked the {count} headlines made from their descriptions",
            count,
        ).format(count=language.number(count)),
        key=f"data_made_titles_{checked.digest[:16]}",  # a new file asks again
    )
