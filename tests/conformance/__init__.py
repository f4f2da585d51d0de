"""The demo shop replayed against real-store captures (issue 20): see docs/conformance.md."""
