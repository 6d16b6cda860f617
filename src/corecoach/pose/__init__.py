"""Pose adapters: the estimator protocol, the MediaPipe backend and a replay backend for tests."""
