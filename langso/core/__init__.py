"""The site shell: layout, role home pages, shared UI and error pages. May import every app."""
