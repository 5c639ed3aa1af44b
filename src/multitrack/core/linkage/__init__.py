"""Privacy-preserving record linkage of participants across organisations (docs/linkage.md).

Each organisation encodes its participants with the key the coordinating organisations share
(`Encoder(LinkageKey(secret)).encode(records)`) and hands over encodings only; whoever links them
compares encodings (`link`, `dice_rows`) and publishes counts (`count_overlaps`), never pairs.

Modules: `normalise` (what of a record is encoded), `encoding` (keys, parameters, Bloom filters),
`compare` (Dice, all pairs), `blocking` (LSH candidates, `link`), `overlap` (persons and counts).
"""

from .blocking import Blocking, blocking_for, link, link_within
from .compare import THRESHOLD, Matches, all_pairs, dice_rows
from .encoding import (
    SCHEMA_VERSION,
    EncodedBatch,
    Encoder,
    EncodingParams,
    IncompatibleEncodings,
    LinkageKey,
    ParticipantRecord,
)
from .normalise import UnencodableRecord, name_features, name_tokens
from .overlap import OverlapReport, PairCount, Submission, count_overlaps, persons

__all__ = [
    "SCHEMA_VERSION",
    "THRESHOLD",
    "Blocking",
    "EncodedBatch",
    "Encoder",
    "EncodingParams",
    "IncompatibleEncodings",
    "LinkageKey",
    "Matches",
    "OverlapReport",
    "PairCount",
    "ParticipantRecord",
    "Submission",
    "UnencodableRecord",
    "all_pairs",
    "blocking_for",
    "count_overlaps",
    "dice_rows",
    "link",
    "link_within",
    "name_features",
    "name_tokens",
    "persons",
]
