# No resources are mapped to this account yet.
