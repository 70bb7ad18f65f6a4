"""The SQLite store: the only place in annals that knows SQL (this package: one module a job).

``annals ingest`` writes each extracted :class:`~annals.model.Document` here; every query the CLI,
the HTTP API and ``ask`` need is a method of :class:`Store` and returns plain dicts (or model
objects), never rows.

How the store behaves
---------------------
- **Concurrency.** The database runs in WAL mode with ``busy_timeout`` set, so readers never wait
  for a writer and two ingest processes into one file take turns instead of failing.  Each document
  is written in one ``BEGIN IMMEDIATE`` transaction.
- **Identity.** A document is identified by its path when it has one, else by its id.  Re-ingesting
  the same content (same ``content_hash``) writes nothing; changed content replaces the old
  extraction.  When a new document's id is already taken by a different document, the store keeps
  both and gives the newcomer a suffixed id (``doc-2``); look it up by path.
- **Canonical entities.** Every document keeps its own entity records (``doc_entities``, with the
  document's local ids such as ``e3``) and mentions.  Each is linked to a store-wide canonical entity
  of the same type that shares a name or alias with it (see :func:`annals.knowledge.normalise_name`).  For PERSON a
  bare surname is weak evidence: it links only where exactly one candidate fits, and two different
  full names that share a surname stay apart.  Aliases and titles keep the document they came from,
  so removing a document removes exactly what only it supported.
- **Text stored once.** A document's text is stored in ``documents`` only.  ``sentence_spans`` holds each
  sentence's offsets, and the view ``sentences`` gives its text (the document's text between them); the
  quotations in event and relation payloads are stored as ``"sentence": true`` (:func:`compact_payload`)
  and put back when read (schema 6).
- **Events and relations as columns** (schema 7): each key an extractor writes has its column, stored once
  where queries filter on it too; what no column holds is kept in ``extra`` (:func:`fact_columns`), and the
  payload read back is the one extracted, to the byte (:func:`fact_payload`).
- **Facts that point at what the store holds** (schema 14): an event's participants and place are stored as
  references to its document's entities where the names and types are theirs, its triggers as a mark where
  they are its own trigger and type, its description and date text as offsets into its document where they are
  words of its sentence, a relation's date text likewise; anything else keeps its own form, and the payload
  read back (given its document's text and entities, read once per document) is still the one extracted.
- **Integer document keys** (schema 8): the rows of mentions, dates, events, relations and sentences name
  their document by its integer ``documents.key``, not its public id; views of the old names
  (:data:`annals.store.migrations._KEYED`) give the public id, so every query reads them as before.
- **Full-text search.** ``sentences_fts`` is an FTS5 table with *external content* (``content=
  'sentences'``, the view): the text is not copied into the index, and triggers on ``sentence_spans``
  keep the index in step.  External content was chosen over a contentless table because snippets
  and the FTS5 ``integrity-check`` (used by :meth:`Store.check`) need the text.
- **Schema versions.** ``PRAGMA user_version`` holds the schema version and ``schema_migrations``
  logs when each step ran.  :data:`MIGRATIONS` lists the steps in order; each runs in its own
  transaction, so an older store is upgraded in place without loss.  A store newer than this code
  is refused (E011).
"""

from annals.store.compact import compact_payload, expand_payload
from annals.store.core import BUSY_TIMEOUT_MS, Store, open_store
from annals.store.migrations import MIGRATIONS, SCHEMA_VERSION
from annals.store.payloads import SHORT_TEXT, fact_columns, fact_payload
from annals.store.places import canonical_place
from annals.store.read import canonical_description

__all__ = [
    "BUSY_TIMEOUT_MS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SHORT_TEXT",
    "Store",
    "canonical_description",
    "canonical_place",
    "compact_payload",
    "expand_payload",
    "fact_columns",
    "fact_payload",
    "open_store",
]
