"""Program staff pages for applications (queue, review, interviews, decisions)."""
