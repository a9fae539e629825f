"""Laureate cards and call-for-projects banners."""
