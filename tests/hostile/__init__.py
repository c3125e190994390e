"""Hostile uploads, built in code at test time (see :mod:`hostile.corpus`)."""
