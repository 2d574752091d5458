"""The Slack app (issue 5): bolt listeners per kind, the reply flow, access, and a local stand-in."""
