"""The terminal shell: parse, call a service, present. No rules live here."""
