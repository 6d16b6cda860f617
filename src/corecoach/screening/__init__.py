"""Screening: red flags, known diagnoses and the outcome questionnaires. Pure; data files in data/."""
