"""The long-running server: the Slack app, the alert webhooks, the store and the outbox, wired."""
