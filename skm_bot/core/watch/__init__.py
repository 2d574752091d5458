"""
The watch, pure: what SKM facts, a client certificate and `now` say is about to break.

    facts.py          what the watch read (certificate file, keystores, keys, auth lists, checks)
    model.py          a finding: stable id, kind, severity, the date that matters
    dates.py          the 30 / 14 / 7 / 1-day windows and how a date is written
    certificates.py   watch.cert_expiry: the profile's certificate file and registered ones
    deletions.py      watch.pending_deletion: keys scheduled for deletion, still in use
    auth_changes.py   watch.auth_changes: IPv4 / MAC / certificate entries, diffed run to run
    reachability.py   watch.reachability: SKM, the appkey and the credentials answer
    evaluate.py       all of the above over one profile's facts
    threads.py        which Slack thread messages show a run's findings (new, updated, ended)
    record.py         a profile's last run as the store keeps it
    texts.py          each kind's summary and fix in ja/ko/en, from texts.toml

Nothing here reads the clock, the network, a file or the database: the use case reads, the
store keeps, and both hand their values in.
"""
