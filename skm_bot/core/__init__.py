"""The pure core: the catalogue, redaction, extraction, matching and the Diagnosis. No I/O."""
