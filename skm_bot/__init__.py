"""skm-bot: recognise a pasted NHN Cloud Secure Key Manager failure, check it for real, explain it."""

__version__ = "0.1.0"
