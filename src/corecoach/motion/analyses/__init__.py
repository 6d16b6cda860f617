"""One analysis per movement; each takes a cleaned :class:`PoseTrack` and returns an AnalysisResult."""
