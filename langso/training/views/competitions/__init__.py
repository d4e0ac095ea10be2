"""Views of online competitions: the staff's pages (staff.py) and the residents' contest (player.py)."""
