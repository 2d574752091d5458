"""The durable store: diagnoses, request IDs, feedback, alert groups and the Slack outbox."""
