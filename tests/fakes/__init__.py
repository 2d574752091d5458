"""Test fakes that speak real protocols over loopback (kept out of the wheel)."""
