"""Scoring claimbot against hand-made gold files (seeds-gold.yaml format)."""
