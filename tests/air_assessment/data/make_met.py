"""Regenerate met_72h.csv: 72 synthetic hours (illustrative), deterministic."""
import numpy as np
import pandas as pd

t = pd.date_range("2023-01-01", periods=72, freq="h")
rng = np.random.default_rng(42)
df = pd.DataFrame({
    "date": t.strftime("%Y-%m-%d"), "hour_ending": t.hour + 1,
    "wind_from_deg": np.round(rng.uniform(200, 300, 72), 1),
    "wind_speed_m_s": np.round(rng.uniform(0.3, 5.0, 72), 1),
    "temperature_c": np.round(rng.uniform(-5, 10, 72), 1),
    "total_cloud_tenths": rng.integers(0, 11, 72),
})
df["low_cloud_tenths"] = np.minimum(df.total_cloud_tenths, rng.integers(0, 6, 72))
df.to_csv("met_72h.csv", index=False)
