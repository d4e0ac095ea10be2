"""Small shared helpers that every app may import; imports no app."""
