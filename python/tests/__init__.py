"""Tests of the sim Python package."""
