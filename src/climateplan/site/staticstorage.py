"""Static files: WhiteNoise's compressed, hashed storage, compressing each file only once.

``climateplan serve`` runs collectstatic at every start. WhiteNoise compresses every
file again each time (gzip, and brotli at its highest level: about 12 s for the chart
bundle alone on a busy machine), although an unchanged file compresses to the same
bytes. A compressed copy is kept instead when it is certainly the copy of the file as
it is: the file's name holds the hash of its content (``name.0123456789ab.js``), or
the copy has the file's modification time, which WhiteNoise gives every copy it writes.
"""

from __future__ import annotations

import os

from whitenoise.storage import CompressedManifestStaticFilesStorage


class CompressedStaticFiles(CompressedManifestStaticFilesStorage):
    """Hashed names (cached for ever by browsers), gzip and brotli copies made once."""

    def compress_files(self, paths):
        compressor = self.create_compressor(quiet=True)
        suffixes = [s for s, on in ((".br", compressor.use_brotli), (".gz", True)) if on]
        hashed = set(self.hashed_files.values())
        kept = {path for path in paths if self._compressed_before(path, suffixes, hashed)}
        for path in sorted(kept):
            for suffix in suffixes:
                yield path, path + suffix
        yield from super().compress_files([p for p in paths if p not in kept])

    def _compressed_before(self, name: str, suffixes: list[str], hashed: set[str]) -> bool:
        source = self.path(name)
        try:
            times = [os.stat(source + suffix).st_mtime for suffix in suffixes]
        except FileNotFoundError:
            return False
        if name in hashed:
            return True
        # WhiteNoise sets the copies' time from a float: equal to the microsecond
        mtime = os.stat(source).st_mtime
        return all(abs(t - mtime) < 1e-6 for t in times)
