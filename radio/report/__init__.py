"""Report: duration and coverage of what was made and aired."""
