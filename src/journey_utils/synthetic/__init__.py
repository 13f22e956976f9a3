"""Seeded synthetic portfolio with known truth (DESIGN §6): the nine sources plus truth.json."""

from journey_utils.synthetic.portfolio import (
    CHUNK_SIZE,
    GENERATOR_VERSION,
    ensure_synthetic_sources,
    fingerprint,
    generate_portfolio,
)

__all__ = [
    "CHUNK_SIZE",
    "GENERATOR_VERSION",
    "ensure_synthetic_sources",
    "fingerprint",
    "generate_portfolio",
]
