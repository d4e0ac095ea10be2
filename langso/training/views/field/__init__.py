"""Thin views of field work: the mentor's today screen, teams, skill checks, help requests and the
public ask-for-help form."""
