"""Reading inputs into Documents: .txt, .html (trafilatura), .jsonl, directories and stdin.

Every input that cannot be read becomes a `Failure` naming the path (and line) and the
reason; the rest of the batch goes on.
"""

from whosaid.ingest.readers import UNSUPPORTED, read_bytes, read_paths

__all__ = ["UNSUPPORTED", "read_bytes", "read_paths"]
