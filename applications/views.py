"""Public and applicant pages: interest form, the application, recommendation links."""
