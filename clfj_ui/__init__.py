"""The Streamlit layer the page scripts share: the current data, filters, charts, sign-in."""
