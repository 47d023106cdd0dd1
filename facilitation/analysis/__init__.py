"""Analysis of sales history: series, trend, peers, benchmark methods, forecast and gap.

These modules use pandas, numpy and statsmodels; import them only where an
analysis runs (never on the app's start-up path).
"""
