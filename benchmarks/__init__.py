"""Benchmarks that score claimbot on external data kept outside the repository."""
