"""How a corpus is run: documents in, analyses out, through one spaCy pipeline.

`analyze_documents` streams; with processes > 1 each worker process loads the model once.
"""

from whosaid.engine.local import analysis_of, analyze_documents

__all__ = ["analysis_of", "analyze_documents"]
