"""Broadcast: stations and their slots → airings; iCalendar."""
