"""Presentation: plans and reports as Markdown, HTML and iCalendar. Reads results, writes text."""
