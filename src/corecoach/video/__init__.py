"""Media input adapter: probe a video or photo and stream its frames upright, one at a time."""

from corecoach.video.reader import PHOTO_SUFFIXES, VIDEO_SUFFIXES, MediaFrame, MediaInfo, iter_frames, probe_media

__all__ = ["PHOTO_SUFFIXES", "VIDEO_SUFFIXES", "MediaFrame", "MediaInfo", "iter_frames", "probe_media"]
