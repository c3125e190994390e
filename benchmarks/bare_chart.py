"""The browser benchmark's baseline: a Streamlit page with one ten-point Plotly chart, nothing else.

Opened the way ``/timeline`` is, it shows what Streamlit and plotly.js take on their own."""

import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Scatter(x=list(range(10)), y=list(range(10)), mode="markers")))
