"""Readers turn one document into grids; the normaliser maps grids to facts."""
