"""Syndicated copies: the same story posted again by another site, with other navigation,
headers and footers around the same body. An article's text becomes a set of word shingles,
summarised by a MinHash signature (datasketch); the signature is cut into LSH bands, and the
bands are stored (table `article_bands`), so any process finds the earlier articles that share
a band with an SQL lookup by (band, bucket), whatever it has seen before or since a restart.
A candidate is a copy when the signatures' estimated Jaccard similarity reaches MIN_SIMILARITY.

Computing a signature is CPU work done with the text's other fingerprint (in an extraction
worker process); finding and linking the original is a few indexed reads inside the ingest
transaction."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # datasketch imports scipy (0.6 s): only where a signature is made
    from datasketch import MinHash

NUM_PERM = 128
SEED = 1
# Words per shingle: five words in a row rarely recur by chance between two different
# stories, and one changed word (a figure) spoils only five shingles of a long article.
SHINGLE_WORDS = 5
# The LSH threshold: pairs of texts at this estimated Jaccard similarity or above share a
# band with high probability. It sits below MIN_SIMILARITY so that a true copy is rarely
# missed; the signatures of each candidate are then compared exactly.
LSH_THRESHOLD = 0.5
# A copy shares at least this share of its shingles with the original (Jaccard): the seed
# article, posted again among other navigation lines, is at 0.8-0.9; two wire stories on
# the same subject that share a template sentence stay far below.
MIN_SIMILARITY = 0.6
# Texts with fewer shingles than this are not compared: two one-line wires written from the
# same template differ in a word or two and would look like copies of each other.
MIN_SHINGLES = 20

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Signature:
    """A text's MinHash values (NUM_PERM uint32) and its LSH bands, (band, bucket) pairs."""

    hashvalues: bytes
    bands: tuple[tuple[int, int], ...]

    def similarity(self, other: bytes) -> float:
        """Estimated Jaccard similarity with another signature's hashvalues."""
        mine = np.frombuffer(self.hashvalues, dtype=np.uint32)
        theirs = np.frombuffer(other, dtype=np.uint32)
        return float(np.count_nonzero(mine == theirs)) / float(len(mine))


def shingles(text: str) -> set[bytes]:
    """The text's word SHINGLE_WORDS-grams, case- and Unicode-form-folded."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    n = SHINGLE_WORDS
    return {" ".join(words[i : i + n]).encode() for i in range(max(0, len(words) - n + 1))}


@cache
def _band_ranges() -> list[tuple[int, int]]:
    from datasketch import MinHashLSH

    # datasketch picks the bands (b) and rows (r) that best separate pairs above and below
    # the threshold; only its choice is used, the index itself lives in the database
    return list(MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges)


def _bucket(values: np.ndarray) -> int:
    """A band's rows as one signed 64-bit number (a BIGINT on both databases)."""
    digest = hashlib.blake2b(values.tobytes(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def signature(text: str) -> Signature | None:
    """The text's signature, or None for a text too short to compare (MIN_SHINGLES)."""
    from datasketch import MinHash

    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    m: MinHash = MinHash(num_perm=NUM_PERM, seed=SEED)
    m.update_batch(sorted(grams))
    values = np.asarray(m.hashvalues, dtype=np.uint32)
    bands = tuple((i, _bucket(values[a:b])) for i, (a, b) in enumerate(_band_ranges()))
    return Signature(values.tobytes(), bands)


def warm_up() -> None:
    """Import datasketch and size the bands now, not on the first article."""
    _band_ranges()
