"""`portal import`: an existing handbook (plain, MkDocs, Hugo) as portal content."""
