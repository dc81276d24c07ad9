"""Search: analysis, the Whoosh index, the static export and ranking (shared with the browser)."""
