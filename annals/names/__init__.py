"""Names: telling the names of a text apart, merging a document's names, and matching them across documents."""
