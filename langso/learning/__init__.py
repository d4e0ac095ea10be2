"""Digital skills: the curriculum (skills, lessons, steps, practice questions), attempts, mastery,
certificates and read-aloud narration. Imports `places`, `accounts` and `people`.
"""
