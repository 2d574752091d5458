"""Alert webhooks: Alertmanager, Grafana and generic JSON, threaded into Slack through the outbox."""
