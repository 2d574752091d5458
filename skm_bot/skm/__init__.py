"""The SKM client: authentication, typed responses, error mapping and a network probe."""
