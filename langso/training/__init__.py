"""Training in the field: village classes and their sessions and attendance, digital technology
teams, mentors' hands-on skill checks, help requests, the cascade of who trained whom, conferences
and online competitions. Imports `places`, `accounts`, `people` and `learning`.
"""
